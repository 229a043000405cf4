package dev.ssehub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Keeps the README's configuration table true: every {@code hub.*} property of {@link HubConfig}
 * appears with its environment variable and default, and the table names nothing else. Plain
 * JUnit: it reads the interface by reflection, no application needed.
 */
class ReadmeConfigurationTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(hub\\.[a-z0-9.-]+)` \\| `([A-Z0-9_]+)` \\| `([^`]*)` \\|.+\\|$");

    @Test
    void readmeTableMatchesTheConfigMapping() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        Map<String, String> envVars = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher row = ROW.matcher(line.strip());
            if (row.matches()) {
                documented.put(row.group(1), row.group(3));
                envVars.put(row.group(1), row.group(2));
            }
        }

        Map<String, String> declared = new TreeMap<>();
        collect("hub", HubConfig.class, declared);

        assertThat(documented).as("README configuration table (key -> default)").isEqualTo(declared);
        envVars.forEach((key, env) -> assertThat(env).as("env var of " + key)
                .isEqualTo(key.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
    }

    private static void collect(String prefix, Class<?> type, Map<String, String> out) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.isDefault() || method.isSynthetic() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
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
