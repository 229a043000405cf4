package dev.ssehub.transport.redis;

import static dev.ssehub.transport.redis.Replicas.WAIT;
import static dev.ssehub.transport.redis.Replicas.assertAClientResumesOnTheOtherReplica;
import static dev.ssehub.transport.redis.Replicas.publishRetrying;
import static dev.ssehub.transport.redis.Replicas.publisher;
import static dev.ssehub.transport.redis.Replicas.status;
import static dev.ssehub.transport.redis.Replicas.subscribe;
import static dev.ssehub.transport.redis.Replicas.subscribers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.support.AppProcess;
import dev.ssehub.support.Cleanup;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.RedisServer;
import dev.ssehub.support.SseTestClient;

/**
 * Two replicas of the packaged application on one real {@code redis-server} act as one hub: an
 * update published on one reaches subscribers of the other, a client resumes on the other replica
 * with the {@code Last-Event-ID} it got from the first, and an outage of Redis is refused clearly
 * while streams stay open and resume once Redis is back.
 */
class RedisReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RedisServer redis;
    private static AppProcess a;
    private static AppProcess b;

    @BeforeAll
    static void startReplicas() {
        redis = RedisServer.start();
        String[] arguments = {"-Dhub.transport=redis", "-Dquarkus.redis.hosts=" + redis.uri(), "-Dhub.heartbeat=1s",
            "-Dhub.redis.timeout=2s", "-Dhub.demo.tick=1h"};
        a = AppProcess.start("RedisReplicasIT-a", arguments);
        b = AppProcess.start("RedisReplicasIT-b", arguments);
    }

    @AfterAll
    static void stopReplicas() {
        Cleanup.closeAll(a, b, redis);
    }

    @Test
    void anUpdatePublishedOnOneReplicaReachesSubscribersOfBoth() {
        String topic = "https://example.com/replicas/both";
        try (SseTestClient onA = SseTestClient.open(subscribe(a, topic));
                SseTestClient onB = SseTestClient.open(subscribe(b, topic))) {
            String id = publisher(a).publish("topic", topic, "data", "from A");

            assertThat(onB.next(WAIT)).isEqualTo(new ReceivedEvent(id, "message", "from A", null));
            assertThat(onA.next(WAIT)).isEqualTo(new ReceivedEvent(id, "message", "from A", null));
        }
    }

    @Test
    void aClientResumesOnTheOtherReplicaWithExactlyTheUpdatesItMissed() {
        assertAClientResumesOnTheOtherReplica(a, b, "https://example.com/replicas/resume");
    }

    @Test
    void whileRedisIsDownPublishingIsRefusedStreamsStayOpenAndDeliveryResumesAfter() throws Exception {
        String topic = "https://example.com/replicas/outage";
        try (SseTestClient onA = SseTestClient.open(subscribe(a, topic));
                SseTestClient onB = SseTestClient.open(subscribe(b, topic))) {
            String before = publisher(a).publish("topic", topic, "data", "before");
            assertThat(onB.next(WAIT).id()).isEqualTo(before);
            assertThat(onA.next(WAIT).id()).isEqualTo(before);

            int logLinesBefore = Files.readAllLines(a.log()).size();
            redis.stop();
            await().atMost(WAIT).until(() -> status(a, "/q/health/ready") == 503 && status(b, "/q/health/ready") == 503);
            assertThat(status(a, "/q/health/live")).as("Redis down is no reason to restart the replica").isEqualTo(200);
            HttpResponse<String> refused = publisher(b).send("topic", topic, "data", "during");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("Redis is unreachable").contains("was not published");
            try (SseTestClient resuming = SseTestClient.open(subscribe(a, topic), "Last-Event-ID", before)) {
                // Not an error status, which would make an EventSource give up: a hint to come back.
                assertThat(resuming.status()).isEqualTo(200);
                await().atMost(WAIT).until(resuming::endedCleanly);
                assertThat(resuming.retry()).isBetween(500L, 5000L);
                assertThat(resuming.comments()).anySatisfy(comment -> assertThat(comment).contains("history cannot be read"));
            }
            int heartbeats = onA.comments().size() + onB.comments().size();
            await().atMost(WAIT).until(() -> onA.comments().size() + onB.comments().size() >= heartbeats + 4);
            assertThat(onA.ended() || onB.ended()).as("streams stay open during the outage").isFalse();

            redis.launch();
            await().atMost(WAIT).until(() -> status(a, "/q/health/ready") == 200 && status(b, "/q/health/ready") == 200);
            String after = publisher(b).publish("topic", topic, "data", "after");
            assertThat(onA.next(WAIT)).isEqualTo(new ReceivedEvent(after, "message", "after", null));
            assertThat(onB.next(WAIT)).isEqualTo(new ReceivedEvent(after, "message", "after", null));
            List<String> log = Files.readAllLines(a.log());
            assertThat(String.join("\n", log.subList(logLinesBefore, log.size())))
                    .as("the outage and the recovery are each logged once")
                    .containsOnlyOnce("Redis is unreachable").containsOnlyOnce("Redis is reachable again");
        }
    }

    @Test
    void aReplicaThatStartsBeforeRedisBecomesReadyWhenRedisComes() throws Exception {
        try (RedisServer late = RedisServer.onFreePort();
                AppProcess early = AppProcess.start("RedisReplicasIT-early", "-Dhub.transport=redis",
                        "-Dquarkus.redis.hosts=" + late.uri(), "-Dhub.redis.timeout=1s")) {
            assertThat(status(early, "/q/health/ready")).isEqualTo(503);
            assertThat(status(early, "/q/health/live")).isEqualTo(200);

            late.launch();
            await().atMost(WAIT).until(() -> status(early, "/q/health/ready") == 200);
            String topic = "https://example.com/replicas/late";
            try (SseTestClient subscriber = SseTestClient.open(subscribe(early, topic))) {
                String id = publisher(early).publish("topic", topic, "data", "once Redis is there");
                assertThat(subscriber.next(WAIT).id()).isEqualTo(id);
            }
        }
    }

    @Test
    void droppedRedisConnectionsLoseNoAcceptedUpdate() {
        String topic = "https://example.com/replicas/dropped";
        try (SseTestClient onB = SseTestClient.open(subscribe(b, topic))) {
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                if (i == 5) {
                    // Every replica's connections, the blocking readers' included, drop at once.
                    assertThat(redis.command("CLIENT KILL TYPE normal")).startsWith(":");
                }
                accepted.add(publishRetrying(a, topic, "update-" + i));
            }

            List<String> received = new ArrayList<>();
            while (received.size() < accepted.size()) {
                received.add(onB.next(WAIT).id());
            }
            // A retry of an update Redis had stored after all is acknowledged with that copy, never delivered twice.
            assertThat(received).isEqualTo(accepted);
        }
    }

    @Test
    void theSubscriptionsApiOfEitherReplicaListsTheSubscriptionsOfBoth() throws Exception {
        String topic = "https://example.com/replicas/listed";
        URI listed = URI.create("/.well-known/mercure/subscriptions/" + SubscriptionEvents.percentEncode(topic));
        try (SseTestClient onA = SseTestClient.open(subscribe(a, topic));
                SseTestClient onB = SseTestClient.open(subscribe(b, topic))) {
            await().atMost(WAIT).until(() -> subscribers(a, listed).size() == 2 && subscribers(b, listed).size() == 2);
            assertThat(subscribers(a, listed)).isEqualTo(subscribers(b, listed));
        }
        await().atMost(WAIT).until(() -> subscribers(a, listed).isEmpty() && subscribers(b, listed).isEmpty());
    }

    @Test
    void aBurstOfSubscribersIsAnnouncedAndListedInFull() throws Exception {
        // Hundreds of subscriptions started at once make as many announcements at once; each is
        // an update published through the Redis client's pool (6 connections), whose queue must
        // hold them all rather than refuse the ones beyond its size.
        int count = 600;
        String topic = "https://example.com/replicas/burst";
        String encoded = SubscriptionEvents.percentEncode(topic);
        URI events = b.baseUri().resolve("/.well-known/mercure?topic=" + URLEncoder.encode(
                SubscriptionEvents.PATH + "/" + encoded + "{/subscriber}", StandardCharsets.UTF_8));
        URI listed = URI.create("/.well-known/mercure/subscriptions/" + encoded);
        List<Socket> burst = new ArrayList<>();
        try (SseTestClient watcher = SseTestClient.open(events, "Authorization", "Bearer " + Replicas.subscriptionsToken())) {
            try {
                for (int i = 0; i < count; i++) {
                    Socket socket = new Socket(a.baseUri().getHost(), a.baseUri().getPort());
                    burst.add(socket);
                    socket.getOutputStream().write(("GET /.well-known/mercure?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)
                            + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                assertThat(announced(watcher, count, true)).as("subscribers announced active").hasSize(count);
                await().atMost(WAIT).until(() -> subscribers(b, listed).size() == count);
            } finally {
                Cleanup.closeAll(burst.toArray(AutoCloseable[]::new));
            }
            assertThat(announced(watcher, count, false)).as("subscribers announced gone").hasSize(count);
            await().atMost(WAIT).until(() -> subscribers(a, listed).isEmpty());
        }
    }

    /** The distinct subscribers of the next {@code count} subscription events, all {@code active} or not. */
    private static Set<String> announced(SseTestClient watcher, int count, boolean active) throws Exception {
        Set<String> subscribers = new HashSet<>();
        for (int i = 0; i < count; i++) {
            JsonNode event = JSON.readTree(watcher.next(WAIT).data());
            assertThat(event.path("active").asBoolean()).as(event.toString()).isEqualTo(active);
            subscribers.add(event.path("subscriber").asText());
        }
        return subscribers;
    }
}
