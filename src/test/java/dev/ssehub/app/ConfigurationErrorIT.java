package dev.ssehub.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged jar started with a configuration it cannot run with: one readable line that names
 * the key and how to set it, a non-zero exit, and nothing that says "started" before it. Before, a
 * missing key ended in a JSON stack trace after the hub had logged that it started.
 */
class ConfigurationErrorIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";
    private static final String RESOURCE = "-Dhub.resource=https://hub.example.com/.well-known/mercure";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no key at all|-Dhub.anonymous=false|hub.publisher-jwt.key is not set|HUB_PUBLISHER_JWT_KEY",
        "no subscriber key without anonymous subscribers|-Dhub.publisher-jwt.key=" + SECRET
                + "|hub.subscriber-jwt.key is not set|HUB_SUBSCRIBER_JWT_KEY",
        "a secret too short|-Dhub.publisher-jwt.key=short -Dhub.anonymous=true " + RESOURCE
                + "|hub.publisher-jwt.key must be at least 32 bytes|HS256",
        "a heartbeat the idle timeout would cut|-Dhub.publisher-jwt.key=" + SECRET + " -Dhub.anonymous=true " + RESOURCE
                + " -Dhub.heartbeat=2m|hub.heartbeat (PT2M) must be shorter than quarkus.http.idle-timeout|lower",
        "an unknown hub key|-Dhub.publisher-jwt.key=" + SECRET + " -Dhub.anonymous=true -Dhub.no-such-key=1|hub.no-such-key|does not map",
        "draft-08 without the hub's URL|-Dhub.publisher-jwt.key=" + SECRET + " -Dhub.anonymous=true|hub.resource is not set"
                + "|HUB_RESOURCE",
        "a resource that is no URL|-Dhub.publisher-jwt.key=" + SECRET + " -Dhub.anonymous=true -Dhub.resource=hub"
                + "|hub.resource (hub) must be the hub's absolute URL|https://",
        "a key set without its issuer|-Dhub.publisher-jwt.key=" + SECRET + " -Dhub.anonymous=true " + RESOURCE
                + " -Dhub.publisher-jwt.jwks-url=https://auth.example/jwks.json|hub.publisher-jwt.jwks-url is set without"
                + "|hub.publisher-jwt.issuer",
        "a brace in the Redis key prefix|-Dhub.publisher-jwt.key=" + SECRET + " -Dhub.anonymous=true " + RESOURCE
                + " -Dhub.redis.key-prefix=}tenant|hub.redis.key-prefix ('}tenant') must be non-blank without { or }"
                + "|hash tag",
        "a negative number of Redis replicas|-Dhub.publisher-jwt.key=" + SECRET + " -Dhub.anonymous=true " + RESOURCE
                + " -Dhub.redis.min-replicas=-1|hub.redis.min-replicas (-1) must not be negative|0 waits for no Redis replica",
        "replicas waited for longer than a command|-Dhub.publisher-jwt.key=" + SECRET + " -Dhub.anonymous=true " + RESOURCE
                + " -Dhub.redis.min-replicas=1 -Dhub.redis.replica-ack-timeout=5s|hub.redis.replica-ack-timeout (PT5S) must be"
                + "|shorter than hub.redis.timeout (PT5S)",
        "both drafts off|-Dhub.publisher-jwt.key=" + SECRET + " -Dhub.anonymous=true -Dhub.protocol.draft07=false"
                + " -Dhub.protocol.draft08=false|both false|turn one on"})
    void aConfigurationErrorIsOneLineAndANonZeroExit(String name, String arguments, String expected, String hint)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0"));
        command.addAll(List.of(arguments.split(" ")));
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Keys from the environment of whoever runs the build would hide what is missing.
        builder.environment().keySet().removeIf(key -> key.startsWith("HUB_") || key.startsWith("QUARKUS_"));
        Process process = builder.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process gave up").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isNotZero();
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as(output).anySatisfy(line -> assertThat(line).contains(expected).contains(hint));
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(output).as("nothing started").doesNotContainIgnoringCase("started").doesNotContain("Listening on")
                .doesNotContain("Hub ready");
        assertThat(output).as("readable, not JSON").doesNotContain("\"loggerName\"");
    }
}
