package dev.ssehub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Keeps the configuration table in {@code docs/CONFIGURATION.md} true: it lists every {@code hub.*}
 * property of {@link HubConfig} exactly once, with its environment variable and its default, and
 * names nothing else. (The class keeps the name it had when the table was in the README.) Plain
 * JUnit: it reads the interface by reflection, no application needed.
 */
class ReadmeConfigurationTest {

    static final Path CONFIGURATION = Path.of("docs", "CONFIGURATION.md");

    private static final Pattern ROW = Pattern.compile("^\\| `(hub\\.[a-z0-9.-]+)` \\| `([A-Z0-9_]+)` \\| `([^`]*)` \\|.+\\|$");

    @Test
    void configurationTableMatchesTheConfigMapping() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        Map<String, String> envVars = new TreeMap<>();
        List<String> repeated = new ArrayList<>();
        for (String line : Files.readAllLines(CONFIGURATION)) {
            Matcher row = ROW.matcher(line.strip());
            if (row.matches()) {
                if (documented.put(row.group(1), row.group(3)) != null) {
                    repeated.add(row.group(1));
                }
                envVars.put(row.group(1), row.group(2));
            }
        }

        Map<String, String> declared = new TreeMap<>();
        collect("hub", HubConfig.class, declared);

        assertThat(repeated).as("keys with more than one row in " + CONFIGURATION).isEmpty();
        assertThat(documented).as(CONFIGURATION + " configuration table (key -> default)").isEqualTo(declared);
        envVars.forEach((key, env) -> assertThat(env).as("env var of " + key)
                .isEqualTo(key.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
    }

    private static void collect(String prefix, Class<?> type, Map<String, String> out) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.isDefault() || method.isSynthetic() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName name = method.getAnnotation(WithName.class);
            String key = prefix + "." + (name != null ? name.value() : kebab(method.getName()));
            Class<?> returned = method.getReturnType();
            if (returned.isInterface() && returned.getEnclosingClass() == HubConfig.class) {
                collect(key, returned, out);
            } else {
                WithDefault value = method.getAnnotation(WithDefault.class);
                out.put(key, value == null ? "" : value.value());
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
