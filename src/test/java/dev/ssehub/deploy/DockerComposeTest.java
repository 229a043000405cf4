package dev.ssehub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.config.HubConfig;

/**
 * {@code docker-compose.yml} cannot run where it is built (no Docker engine): its structure is checked
 * instead. Two replicas of the JVM image share Redis behind the proxy, every {@code HUB_*} variable
 * names a key of {@link HubConfig} and reads as a valid value, the keys the hub refuses to start without
 * are given, the image is the one {@code docker/Dockerfile.jvm} builds, and the proxy passes streams
 * through unbuffered to both replicas. Plain JUnit: files only.
 */
class DockerComposeTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path NGINX = Path.of("docker", "nginx.conf");
    // ${NAME:?message}: compose refuses to start without NAME, saying message.
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z_]+):-(.*)}");
    private static final Pattern REQUIRED = Pattern.compile("^\\$\\{([A-Z0-9_]+):\\?[^}]+}$");

    private final JsonNode compose = read();

    // SnakeYAML, as Compose reads it: merge keys (<<: *hub) resolved, which Jackson's YAML reader leaves as is.
    private static JsonNode read() {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            Object document = new Yaml().load(reader);
            return new ObjectMapper().valueToTree(document);
        } catch (IOException e) {
            throw new AssertionError("docker-compose.yml cannot be read", e);
        }
    }

    @Test
    void twoReplicasOfTheJvmImageShareRedisBehindTheProxy() {
        JsonNode services = compose.path("services");
        assertThat(names(services)).containsExactlyInAnyOrder("redis", "hub-1", "hub-2", "proxy");
        for (String hub : List.of("hub-1", "hub-2")) {
            JsonNode service = services.path(hub);
            assertThat(service.path("build").path("dockerfile").asText()).as(hub).isEqualTo("docker/Dockerfile.jvm");
            assertThat(Files.isRegularFile(Path.of(service.path("build").path("dockerfile").asText()))).isTrue();
            assertThat(service.path("environment").path("HUB_TRANSPORT").asText()).as(hub).isEqualTo("redis");
            assertThat(service.path("environment").path("QUARKUS_REDIS_HOSTS").asText()).as(hub).isEqualTo("redis://redis:6379");
            assertThat(service.path("depends_on").path("redis").path("condition").asText()).isEqualTo("service_healthy");
            assertThat(service.path("ports").get(0).asText()).as(hub).endsWith(":8080");
        }
        assertThat(services.path("proxy").path("ports").get(0).asText()).isEqualTo("8080:8080");
        assertThat(services.path("redis").path("healthcheck").path("test").toString()).contains("ping");
    }

    @Test
    void everyHubVariableNamesAKeyAndReadsAsAValidValue() throws IOException {
        Map<String, String> environment = environment("hub-1");
        assertThat(environment).isEqualTo(environment("hub-2"));
        assertThat(environment.keySet().stream().filter(name -> name.startsWith("HUB_")))
                .as("HUB_* variables that name a key of HubConfig").isSubsetOf(ApplicationSettings.hubEnvironmentVariables());
        Map<String, String> resolved = new LinkedHashMap<>(environment);
        // Compose's own defaults (${NAME:-value}) apply when the caller's environment lacks NAME.
        resolved.replaceAll((name, value) -> {
            Matcher defaulted = DEFAULTED.matcher(value);
            return defaulted.matches() ? defaulted.group(2) : value;
        });
        for (String required : List.of("HUB_PUBLISHER_JWT_KEY", "HUB_SUBSCRIBER_JWT_KEY")) {
            Matcher matcher = REQUIRED.matcher(environment.getOrDefault(required, ""));
            assertThat(matcher.matches()).as("%s is required from the caller's environment", required).isTrue();
            assertThat(matcher.group(1)).isEqualTo(required);
            resolved.put(required, "a-secret-of-at-least-thirty-two-bytes!!");
        }
        // Reading the mapping converts every value given: a malformed one (HUB_HEARTBEAT=15 sec) fails here.
        HubConfig hub = ApplicationSettings.withEnvironment(resolved).hub();
        assertThat(hub.transport()).isEqualTo(HubConfig.TransportKind.REDIS);
        assertThat(hub.heartbeat()).isPositive();
        assertThat(hub.anonymous()).isTrue();
    }

    @Test
    void theProxyPassesStreamsToBothReplicasUnbuffered() throws IOException {
        String nginx = Files.readString(NGINX);
        assertThat(compose.path("services").path("proxy").path("volumes").get(0).asText())
                .startsWith("./" + NGINX.toString().replace('\\', '/') + ":");
        assertThat(nginx).contains("server hub-1:8080;").contains("server hub-2:8080;")
                .contains("proxy_buffering off;").contains("proxy_http_version 1.1;")
                .contains("X-Forwarded-For");
        Matcher timeout = Pattern.compile("proxy_read_timeout (\\d+)s;").matcher(nginx);
        assertThat(timeout.find()).isTrue();
        assertThat(Integer.parseInt(timeout.group(1))).as("longer than the heartbeat").isGreaterThan(15);
    }

    private Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        compose.path("services").path(service).path("environment").fields()
                .forEachRemaining(field -> environment.put(field.getKey(), field.getValue().asText()));
        return environment;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
