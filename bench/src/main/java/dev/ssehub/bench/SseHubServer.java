package dev.ssehub.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;

/**
 * sse-hub from its packaged jar, in the prod profile with its default settings, anonymous
 * subscribers allowed and publishers holding an HS256 token.
 */
final class SseHubServer implements Server {

    private static final String PUBLISHER_KEY = "bench-publisher-key-0123456789-abcdefghij";
    private static final String SUBSCRIBER_KEY = "bench-subscriber-key-0123456789-abcdefghij";
    private static final String HUB = "/.well-known/mercure";

    private final String name;
    private final Path jar;
    private final List<String> jvmOptions;
    private final String publisherKey;
    private final String subscriberKey;
    private final String authorization;
    private final boolean loadLimits;

    /**
     * @param name       how tables call it: {@code sse-hub}, or another name for another build of it
     * @param jar        {@code target/quarkus-app/quarkus-run.jar} of the service
     * @param jvmOptions extra options for its JVM (say, {@code -Dhub.subscriptions=false})
     */
    SseHubServer(String name, Path jar, List<String> jvmOptions) {
        this(name, jar, jvmOptions, PUBLISHER_KEY, SUBSCRIBER_KEY, true);
    }

    private SseHubServer(String name, Path jar, List<String> jvmOptions, String publisherKey, String subscriberKey,
            boolean loadLimits) {
        this.name = name;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.publisherKey = publisherKey;
        this.subscriberKey = subscriberKey;
        this.authorization = "Bearer " + Jwt.publishEverywhere(publisherKey);
        this.loadLimits = loadLimits;
    }

    /** The same build and options, verifying tokens with these keys instead of the benchmark's. */
    SseHubServer withKeys(String publisherKey, String subscriberKey) {
        return new SseHubServer(name, jar, jvmOptions, publisherKey, subscriberKey, loadLimits);
    }

    /**
     * The same, with the hub's default per-client limits. Without this, the limit of open
     * subscriptions per client address is off: the load workloads open 10,000 from one address,
     * which a hub guards against by default ({@code hub.limits.connections-per-client}).
     */
    SseHubServer withDefaultLimits() {
        return new SseHubServer(name, jar, jvmOptions, publisherKey, subscriberKey, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> command(int port, Path workDir, boolean trackNativeMemory) {
        List<String> command = new ArrayList<>(List.of("env",
                // Environment variables, which older builds ignore where a -D of a key they lack would stop them.
                "HUB_RESOURCE=http://127.0.0.1:" + port + "/.well-known/mercure"));
        if (loadLimits) {
            command.add("HUB_LIMITS_CONNECTIONS_PER_CLIENT=0");
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (trackNativeMemory) {
            command.add("-XX:NativeMemoryTracking=summary");
        }
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dhub.publisher-jwt.key=" + publisherKey);
        command.add("-Dhub.subscriber-jwt.key=" + subscriberKey);
        command.add("-Dhub.anonymous=true");
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    @Override
    public boolean isJvm() {
        return true;
    }

    @Override
    public String subscribePath(String topic) {
        return HUB + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8);
    }

    @Override
    public Future<Void> publish(HttpClient client, int port, String topic, String data) {
        String form = "topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&data="
                + URLEncoder.encode(data, StandardCharsets.UTF_8);
        return client.request(HttpMethod.POST, port, "127.0.0.1", HUB)
                .compose(request -> request.putHeader("Authorization", authorization)
                        .putHeader("Content-Type", "application/x-www-form-urlencoded")
                        .send(form))
                .compose(response -> response.body().compose(body -> response.statusCode() == 200
                        ? Future.succeededFuture()
                        : Future.failedFuture("publish answered " + response.statusCode() + ": " + body)));
    }
}
