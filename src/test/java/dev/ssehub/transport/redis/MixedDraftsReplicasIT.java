package dev.ssehub.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.AppProcess;
import dev.ssehub.support.FormPublisher;
import dev.ssehub.support.Cleanup;
import dev.ssehub.support.RedisServer;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

/**
 * A cluster in the middle of a migration: replica {@code both} speaks draft-07 and draft-08,
 * replica {@code legacy} draft-07 only ({@code hub.protocol.draft08=false}), on one Redis. Updates
 * cross between the drafts whichever replica takes them, a draft-08 client resumes on one replica
 * from an id the other published, and each replica's subscriptions API lists the other's
 * subscriptions in the shape of the asking token.
 */
class MixedDraftsReplicasIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static RedisServer redis;
    private static AppProcess both;
    private static AppProcess legacy;

    @BeforeAll
    static void startReplicas() {
        redis = RedisServer.start();
        List<String> arguments = List.of("-Dhub.transport=redis", "-Dquarkus.redis.hosts=" + redis.uri(),
                "-Dhub.heartbeat=1s", "-Dhub.demo.tick=1h");
        both = AppProcess.start("MixedDraftsReplicasIT-both", arguments.toArray(String[]::new));
        List<String> draft07Only = new ArrayList<>(arguments);
        draft07Only.add("-Dhub.protocol.draft08=false");
        legacy = AppProcess.start("MixedDraftsReplicasIT-legacy", draft07Only.toArray(String[]::new));
    }

    @AfterAll
    static void stopReplicas() {
        Cleanup.closeAll(both, legacy, redis);
    }

    @Test
    void updatesCrossBetweenTheDraftsWhicheverReplicaTakesThem() {
        String topic = "https://example.com/mixed/crossing";
        try (SseTestClient draft08 = SseTestClient.open(subscribe(both, "match", topic));
                SseTestClient draft07 = SseTestClient.open(subscribe(legacy, "topic", topic))) {
            String fromLegacy = draft07Publisher(legacy).publish("topic", topic, "data", "draft-07 publisher");
            assertThat(draft08.next(WAIT).id()).isEqualTo(fromLegacy);
            assertThat(draft07.next(WAIT).id()).isEqualTo(fromLegacy);

            String fromBoth = draft08Publisher(both).publish("topic", topic, "data", "draft-08 publisher");
            assertThat(draft08.next(WAIT).data()).isEqualTo("draft-08 publisher");
            assertThat(draft07.next(WAIT).id()).isEqualTo(fromBoth);
        }
    }

    @Test
    void aDraft08ClientResumesFromAnIdTheOtherReplicaPublished() {
        String topic = "https://example.com/mixed/resume";
        String seen = draft07Publisher(legacy).publish("topic", topic, "data", "seen");
        String missed = draft07Publisher(legacy).publish("topic", topic, "data", "missed");

        URI resume = URI.create(subscribe(both, "match", topic) + "&last_event_id="
                + URLEncoder.encode(seen, StandardCharsets.UTF_8));
        try (SseTestClient client = SseTestClient.open(resume)) {
            assertThat(client.headers().firstValue("Mercure-Last-Event-ID")).contains(seen);
            assertThat(client.headers().firstValue("Last-Event-ID")).as("a draft-07 header for draft-07 requests only")
                    .isEmpty();
            assertThat(client.next(WAIT).id()).isEqualTo(missed);
        }
    }

    @Test
    void theDraft07OnlyReplicaRefusesDraft08RequestsSayingWhy() throws Exception {
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(subscribe(legacy, "match", "https://example.com/x"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("hub.protocol.draft08=false");

        HttpResponse<String> token = draft08Publisher(legacy).send("topic", "https://example.com/x", "data", "x");
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(token.body()).contains("draft-08 access tokens are off");
    }

    @Test
    void eachReplicaListsTheOthersSubscriptionsInTheShapeOfTheAskingToken() throws Exception {
        String topic = "https://example.com/mixed/listed";
        try (SseTestClient draft08 = SseTestClient.open(subscribe(both, "match", topic));
                SseTestClient draft07 = SseTestClient.open(subscribe(legacy, "topic", topic))) {
            String draft08Path = "/.well-known/mercure/subscriptions/exact/" + SubscriptionEvents.percentEncode(topic);
            String draft08Token = AccessTokens.subscribeAnything();
            await().atMost(WAIT).until(() -> list(both, draft08Path, draft08Token).path("subscriptions").size() == 2);
            JsonNode asDraft08 = list(both, draft08Path, draft08Token);
            assertThat(asDraft08.path("type").asText()).isEqualTo("subscriptions");
            asDraft08.path("subscriptions").forEach(entry -> {
                assertThat(entry.path("type").asText()).isEqualTo("subscription");
                assertThat(entry.path("match_type").asText()).isEqualTo("exact");
                assertThat(entry.path("match").asText()).isEqualTo(topic);
                assertThat(entry.path("id").asText()).startsWith(draft08Path + "/");
            });

            String draft07Path = "/.well-known/mercure/subscriptions/" + SubscriptionEvents.percentEncode(topic);
            String draft07Token = TestTokens.subscriber(SubscriptionEvents.PATH + "{/topic}{/subscriber}");
            JsonNode asDraft07 = list(legacy, draft07Path, draft07Token);
            assertThat(asDraft07.path("type").asText()).isEqualTo("Subscriptions");
            assertThat(asDraft07.path("subscriptions")).hasSize(2).allSatisfy(entry -> {
                assertThat(entry.path("@context").asText()).isEqualTo(SubscriptionEvents.CONTEXT);
                assertThat(entry.path("topic").asText()).isEqualTo(topic);
                assertThat(entry.has("match_type")).as("no draft-08 field in a draft-07 document").isFalse();
            });
        }
    }

    private static JsonNode list(AppProcess replica, String path, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(replica.baseUri().resolve(path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static URI subscribe(AppProcess replica, String parameter, String topic) {
        return replica.baseUri().resolve("/.well-known/mercure?" + parameter + "="
                + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    private static FormPublisher draft07Publisher(AppProcess replica) {
        return new FormPublisher(replica.baseUri().resolve("/.well-known/mercure"), TestTokens.publisher("*"));
    }

    private static FormPublisher draft08Publisher(AppProcess replica) {
        return new FormPublisher(replica.baseUri().resolve("/.well-known/mercure"),
                AccessTokens.publishAnything());
    }
}
