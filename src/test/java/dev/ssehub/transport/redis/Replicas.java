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

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.support.AppProcess;
import dev.ssehub.support.FormPublisher;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

/**
 * What the tests of packaged replicas on Redis (one server, or a cluster) do to them with draft-07
 * requests: subscribe, publish, list subscriptions, and check that a client resumes on another
 * replica. Stateless.
 */
final class Replicas {

    /** How long a test waits for one event or one change. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Replicas() {
    }

    /**
     * A client subscribed to {@code topic} on {@code first} reads one update and leaves; updates
     * published on either replica meanwhile, and one on another topic, follow; it comes back to
     * {@code other} with its {@code Last-Event-ID} and gets exactly the ones it missed, in order,
     * then live updates with nothing in between.
     */
    static void assertAClientResumesOnTheOtherReplica(AppProcess first, AppProcess other, String topic) {
        String lastSeen;
        try (SseTestClient onFirst = SseTestClient.open(subscribe(first, topic))) {
            publisher(first).publish("topic", topic, "data", "seen");
            lastSeen = onFirst.next(WAIT).id();
        }
        List<String> missed = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            missed.add(publisher(i % 2 == 0 ? first : other).publish("topic", topic, "data", "missed " + i));
        }
        publisher(first).publish("topic", topic + "/other", "data", "not for this client");

        try (SseTestClient onOther = SseTestClient.open(subscribe(other, topic), "Last-Event-ID", lastSeen)) {
            assertThat(onOther.headers().firstValue("Last-Event-ID")).contains(lastSeen);
            List<String> received = new ArrayList<>();
            for (int i = 0; i < missed.size(); i++) {
                received.add(onOther.next(WAIT).id());
            }
            assertThat(received).isEqualTo(missed);

            String live = publisher(first).publish("topic", topic, "data", "live");
            assertThat(onOther.next(WAIT).id()).as("live after the replay, nothing in between").isEqualTo(live);
        }
    }

    /** The subscriber ids {@code replica}'s subscriptions API lists at {@code path}, sorted. */
    static List<String> subscribers(AppProcess replica, URI path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(replica.baseUri().resolve(path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + subscriptionsToken()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).path("subscriptions").forEach(entry -> ids.add(entry.path("subscriber").asText()));
        return ids.stream().sorted().toList();
    }

    /** A draft-07 subscriber token for every subscription document and event. */
    static String subscriptionsToken() {
        return TestTokens.subscriber(SubscriptionEvents.PATH + "{/topic}{/subscriber}");
    }

    /** Publishes as a client that gets 503 would: again, with the same id, until it is accepted. */
    static String publishRetrying(AppProcess replica, String topic, String id) {
        return await().atMost(WAIT).until(() -> {
            HttpResponse<String> response = publisher(replica).send("topic", topic, "id", id, "data", id);
            return response.statusCode() == 200 ? response.body() : null;
        }, accepted -> accepted != null);
    }

    /** The draft-07 subscription URL of {@code topic} on {@code replica}. */
    static URI subscribe(AppProcess replica, String topic) {
        return replica.baseUri().resolve("/.well-known/mercure?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    /** A publisher allowed every topic, on {@code replica}. */
    static FormPublisher publisher(AppProcess replica) {
        return new FormPublisher(replica.baseUri().resolve("/.well-known/mercure"), TestTokens.publisher("*"));
    }

    /** The answer to a GET of {@code path} on {@code replica}. */
    static HttpResponse<String> get(AppProcess replica, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(replica.baseUri().resolve(path)).timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a GET of {@code path} on {@code replica}. */
    static int status(AppProcess replica, String path) throws IOException, InterruptedException {
        return get(replica, path).statusCode();
    }
}
