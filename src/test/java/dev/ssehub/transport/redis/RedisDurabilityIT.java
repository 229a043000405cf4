package dev.ssehub.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ssehub.support.AppProcess;
import dev.ssehub.support.FormPublisher;
import dev.ssehub.support.Cleanup;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.RedisServer;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

/**
 * The packaged application with {@code hub.redis.min-replicas=1} on a real Redis master and its
 * replica: a publish is answered 200 once the replica holds the update, 503 with {@code Retry-After}
 * and a detail that says to publish it again while the replica is frozen, and that retry, once the
 * replica is back, reaches a subscriber connected throughout exactly once.
 */
class RedisDurabilityIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static RedisServer master;
    private static RedisServer replica;
    private static AppProcess hub;

    @BeforeAll
    static void start() {
        master = RedisServer.start();
        replica = RedisServer.startReplicaOf(master);
        hub = AppProcess.start("RedisDurabilityIT", "-Dhub.transport=redis", "-Dquarkus.redis.hosts=" + master.uri(),
                "-Dhub.redis.min-replicas=1", "-Dhub.redis.replica-ack-timeout=500ms", "-Dhub.redis.timeout=3s",
                "-Dhub.heartbeat=1s", "-Dhub.demo.tick=1h");
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(hub, replica, master);
    }

    @Test
    void aPublishIsAnsweredOnceTheReplicaHoldsTheUpdate() {
        String id = publisher().publish("topic", "https://example.com/durable/held", "data", "held");

        assertThat(replica.bulk("HGET {sse-hub}:ids " + id)).as("the entry of " + id + " on the replica").isNotNull();
    }

    @Test
    void whileTheReplicaIsFrozenAPublishIs503AndItsRetryOnceBackIsDeliveredOnce() throws Exception {
        String topic = "https://example.com/durable/retried";
        String[] update = {"topic", topic, "id", "durable-1", "type", "note", "retry", "2500", "data", "must not be lost"};
        String before;
        String after;
        try (SseTestClient subscriber = SseTestClient.open(subscribe(topic))) {
            before = publisher().publish("topic", topic, "data", "before");
            assertThat(subscriber.next(WAIT).id()).isEqualTo(before);

            replica.pause();
            try {
                HttpResponse<String> refused = publisher().send(update);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                        .startsWith("application/problem+json"));
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.body()).contains("only 0 of the 1 required acknowledged it within 500 ms")
                        .contains("it may have been stored: publish it again with the same id (id=durable-1)");
                assertThat(status("/q/health/ready")).as("the master serves; readiness stays UP").isEqualTo(200);
            } finally {
                replica.resume();
            }

            HttpResponse<String> retried = publisher().send(update);
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            assertThat(retried.body()).isEqualTo("durable-1");
            after = publisher().publish("topic", topic, "data", "after");

            assertThat(subscriber.next(WAIT)).isEqualTo(new ReceivedEvent("durable-1", "note", "must not be lost", 2500L));
            assertThat(subscriber.next(WAIT).id()).as("no second copy").isEqualTo(after);
        }
        assertThat(replica.bulk("HGET {sse-hub}:ids durable-1")).isNotNull();

        try (SseTestClient replay = SseTestClient.open(subscribe(topic), "Last-Event-ID", before)) {
            String end = publisher().publish("topic", topic, "data", "end");
            List<String> replayed = List.of(replay.next(WAIT).id(), replay.next(WAIT).id(), replay.next(WAIT).id());
            assertThat(replayed).containsExactly("durable-1", after, end);
        }
    }

    @Test
    void anIdReusedForOtherContentIsDeliveredAgainAndAnIdenticalRepeatIsNot() {
        String topic = "https://example.com/durable/reused";
        try (SseTestClient subscriber = SseTestClient.open(subscribe(topic))) {
            assertThat(publisher().publish("topic", topic, "id", "reused", "data", "first")).isEqualTo("reused");
            assertThat(publisher().publish("topic", topic, "id", "reused", "data", "second")).isEqualTo("reused");
            assertThat(publisher().publish("topic", topic, "id", "reused", "data", "second")).isEqualTo("reused");
            String end = publisher().publish("topic", topic, "data", "end");

            assertThat(subscriber.next(WAIT).data()).isEqualTo("first");
            assertThat(subscriber.next(WAIT).data()).isEqualTo("second");
            assertThat(subscriber.next(WAIT).id()).isEqualTo(end);
        }
    }

    private static URI subscribe(String topic) {
        return hub.baseUri().resolve("/.well-known/mercure?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    private static FormPublisher publisher() {
        return new FormPublisher(hub.baseUri().resolve("/.well-known/mercure"), TestTokens.publisher("*"));
    }

    private static int status(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(hub.baseUri().resolve(path)).timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
