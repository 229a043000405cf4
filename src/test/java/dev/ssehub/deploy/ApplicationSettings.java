package dev.ssehub.deploy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithName;

import dev.ssehub.config.HubConfig;

/**
 * The configuration a replica started from a manifest would see: the production profile of
 * {@code application.properties}, overridden by the manifest's environment variables, read through
 * SmallRye Config into {@link HubConfig} as Quarkus reads it (so defaults, names and value formats are
 * the application's own, not copies).
 */
final class ApplicationSettings {

    /** Quarkus' defaults for keys that {@code application.properties} does not set. */
    private static final int DEFAULT_HTTP_PORT = 8080;
    private static final String DEFAULT_NON_APPLICATION_ROOT = "q";
    private static final String DEFAULT_HEALTH_ROOT = "health";

    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

    private final SmallRyeConfig config;

    private ApplicationSettings(SmallRyeConfig config) {
        this.config = config;
    }

    /** The settings of a production replica whose environment is {@code env}. */
    static ApplicationSettings withEnvironment(Map<String, String> env) throws IOException {
        return new ApplicationSettings(new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(PROPERTIES.toUri().toURL(), 250))
                .withSources(new EnvConfigSource(env, 300))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(HubConfig.class)
                .build());
    }

    HubConfig hub() {
        return config.getConfigMapping(HubConfig.class);
    }

    Duration duration(String key) {
        return config.getValue(key, Duration.class);
    }

    MemorySize memorySize(String key) {
        return config.getValue(key, MemorySize.class);
    }

    int httpPort() {
        return config.getOptionalValue("quarkus.http.port", Integer.class).orElse(DEFAULT_HTTP_PORT);
    }

    /** The path of a health group: {@code live}, {@code ready} or {@code started}. */
    String healthPath(String group) {
        String root = config.getOptionalValue("quarkus.http.non-application-root-path", String.class)
                .orElse(DEFAULT_NON_APPLICATION_ROOT);
        String health = config.getOptionalValue("quarkus.smallrye-health.root-path", String.class)
                .orElse(DEFAULT_HEALTH_ROOT);
        String key = switch (group) {
            case "live" -> "quarkus.smallrye-health.liveness-path";
            case "ready" -> "quarkus.smallrye-health.readiness-path";
            case "started" -> "quarkus.smallrye-health.startup-path";
            default -> throw new IllegalArgumentException(group);
        };
        String leaf = config.getOptionalValue(key, String.class).orElse(group);
        return "/" + root + "/" + health + "/" + leaf;
    }

    /** The metrics endpoint of the Prometheus registry. */
    String metricsPath() {
        return "/" + config.getOptionalValue("quarkus.http.non-application-root-path", String.class)
                .orElse(DEFAULT_NON_APPLICATION_ROOT) + "/metrics";
    }

    /** The environment variable of every {@code hub.*} key, e.g. {@code HUB_DRAIN_WINDOW}. */
    static Set<String> hubEnvironmentVariables() {
        Set<String> names = new TreeSet<>();
        collect("hub", HubConfig.class, names);
        return names;
    }

    private static void collect(String prefix, Class<?> type, Set<String> out) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.isDefault() || method.isSynthetic() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName name = method.getAnnotation(WithName.class);
            String key = prefix + "." + (name != null ? name.value()
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase());
            Class<?> returned = method.getReturnType();
            if (returned.isInterface() && returned.getEnclosingClass() == HubConfig.class) {
                collect(key, returned, out);
            } else {
                out.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            }
        }
    }
}
