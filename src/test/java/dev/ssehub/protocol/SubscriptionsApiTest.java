package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.get;
import static dev.ssehub.protocol.MercureHttp.pathSegment;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.readJson;
import static dev.ssehub.protocol.MercureHttp.subscribe;
import static dev.ssehub.protocol.MercureHttp.subscribeUri;
import static dev.ssehub.protocol.MercureHttp.subscribeWithToken;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The active subscriptions API over HTTP: the JSON-LD list, by selector and one subscription, who may
 * read it, and the private Subscription updates published when a stream connects and disconnects.
 */
@QuarkusTest
class SubscriptionsApiTest {

    private static final String PATH = "/.well-known/mercure/subscriptions";
    /** What a client of the API is given: the whole API, as a URI Template. */
    private static final String API_TOKEN = TestTokens.subscriber(PATH + "{/topic}{/subscriber}");
    private static final String PUBLISHER = TestTokens.publisher("*");

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @TestHTTPResource("/.well-known/mercure/subscriptions")
    URI subscriptions;

    @Test
    void theListHoldsEveryOpenSubscriptionAsJsonLd() {
        String topic = uniqueTopic("listed");
        String user = UUID.randomUUID().toString();
        try (SseTestClient client = subscribeWithToken(hub, tokenWithPayload(user), topic)) {
            HttpResponse<String> response = get(subscriptions, "Authorization", "Bearer " + API_TOKEN);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/ld+json"));
            JsonNode list = readJson(response.body());
            assertThat(list.path("@context").asText()).isEqualTo("https://mercure.rocks/");
            assertThat(list.path("id").asText()).isEqualTo(PATH);
            assertThat(list.path("type").asText()).isEqualTo("Subscriptions");
            assertThat(list.path("lastEventID").asText()).isNotBlank();
            JsonNode entry = only(list, topic);
            assertSubscription(entry, topic, user);
        }
    }

    @Test
    void theListsLastEventIdIsRetainedSoThatChangesCanBeFollowedFromIt() {
        String topic = uniqueTopic("last-event-id");
        String published = publishOk(hub, PUBLISHER, "topic", topic, "data", "before listing");

        String lastEventId = readJson(get(subscriptions, "Authorization", "Bearer " + API_TOKEN).body())
                .path("lastEventID").asText();

        // Ids of this hub grow as strings; the list was read after this update was accepted.
        assertThat(lastEventId).isGreaterThanOrEqualTo(published);
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, "*"), "Last-Event-ID", lastEventId)) {
            assertThat(client.headers().firstValue("Last-Event-ID")).hasValue(lastEventId);
        }
    }

    @Test
    void aSelectorInThePathListsOnlyTheSubscriptionsToIt() {
        String base = uniqueTopic("by-selector");
        String books = base + "/books/{id}";
        String authors = base + "/authors/1";
        try (SseTestClient ofBooks = subscribe(hub, books); SseTestClient ofAuthors = subscribe(hub, authors);
                SseTestClient ofBoth = subscribe(hub, authors, books)) {
            String path = PATH + "/" + pathSegment(books);
            HttpResponse<String> response = get(URI.create(subscriptions + "/" + pathSegment(books)),
                    "Authorization", "Bearer " + API_TOKEN);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode list = readJson(response.body());
            assertThat(list.path("type").asText()).isEqualTo("Subscriptions");
            assertThat(list.path("id").asText()).isEqualTo(path);
            assertThat(list.path("subscriptions")).hasSize(2)
                    .allSatisfy(entry -> assertThat(entry.path("topic").asText()).isEqualTo(books));
        }
    }

    @Test
    void aSelectorAndSubscriberInThePathGiveThatOneSubscription() {
        String topic = uniqueTopic("one") + "/{id}";
        String user = UUID.randomUUID().toString();
        try (SseTestClient client = subscribeWithToken(hub, tokenWithPayload(user), topic)) {
            String subscriber = only(readJson(get(subscriptions, "Authorization", "Bearer " + API_TOKEN).body()), topic)
                    .path("subscriber").asText();
            URI one = URI.create(subscriptions + "/" + pathSegment(topic) + "/" + pathSegment(subscriber));

            HttpResponse<String> response = get(one, "Authorization", "Bearer " + API_TOKEN);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/ld+json"));
            JsonNode subscription = readJson(response.body());
            assertSubscription(subscription, topic, user);
            assertThat(subscription.path("lastEventID").asText()).isNotBlank();

            URI otherSubscriber = URI.create(subscriptions + "/" + pathSegment(topic) + "/"
                    + pathSegment("urn:uuid:" + UUID.randomUUID()));
            URI otherTopic = URI.create(subscriptions + "/" + pathSegment(topic + "x") + "/" + pathSegment(subscriber));
            assertThat(detail(get(otherSubscriber, "Authorization", "Bearer " + API_TOKEN), 404, "not-found"))
                    .contains("No active subscription");
            assertThat(detail(get(otherTopic, "Authorization", "Bearer " + API_TOKEN), 404, "not-found"))
                    .contains("No active subscription");
        }
    }

    @Test
    void theApiNeedsASubscriberTokenMatchingTheRequestedPath() {
        String topic = uniqueTopic("guarded");
        List<URI> paths = List.of(subscriptions, URI.create(subscriptions + "/" + pathSegment(topic)),
                URI.create(subscriptions + "/" + pathSegment(topic) + "/" + pathSegment("urn:uuid:" + UUID.randomUUID())));
        String otherTopics = TestTokens.subscriber(topic, PATH + "/elsewhere");
        for (URI path : paths) {
            HttpResponse<String> anonymous = get(path);
            assertThat(detail(anonymous, 401, "unauthorized")).as(path.toString()).contains("needs a token");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path.toString()).isPresent();

            detail(get(path, "Authorization", "Bearer not-a-token"), 401, "unauthorized");
            assertThat(detail(get(path, "Authorization", "Bearer " + otherTopics), 403, "forbidden"))
                    .as(path.toString()).contains("mercure.subscribe");
        }

        // An exact selector grants exactly its path.
        String listOnly = TestTokens.subscriber(PATH);
        assertThat(get(subscriptions, "Authorization", "Bearer " + listOnly).statusCode()).isEqualTo(200);
        detail(get(paths.get(1), "Authorization", "Bearer " + listOnly), 403, "forbidden");
    }

    @Test
    void connectingAndDisconnectingPublishPrivateSubscriptionUpdates() {
        String topic = uniqueTopic("announced");
        String user = UUID.randomUUID().toString();
        String marker = uniqueTopic("marker");
        String selector = PATH + "/{topic}/{subscriber}";
        try (SseTestClient watcher = subscribeWithToken(hub, API_TOKEN, selector);
                SseTestClient anonymous = subscribe(hub, selector, marker)) {
            JsonNode connected;
            try (SseTestClient client = subscribeWithToken(hub, tokenWithPayload(user), topic)) {
                connected = readJson(watcher.awaitEvent(event -> isAbout(event, topic), WAIT).data());
            }
            JsonNode disconnected = readJson(watcher.awaitEvent(event -> isAbout(event, topic), WAIT).data());

            assertThat(connected.path("active").asBoolean()).isTrue();
            assertSubscription(connected, topic, user);
            assertThat(disconnected.path("active").isBoolean()).isTrue();
            assertThat(disconnected.path("active").asBoolean()).isFalse();
            assertThat(disconnected.path("id").asText()).isEqualTo(connected.path("id").asText());
            assertThat(disconnected.path("subscriber").asText()).isEqualTo(connected.path("subscriber").asText());
            assertThat(disconnected.path("payload").path("user").asText()).isEqualTo(user);

            publishOk(hub, PUBLISHER, "topic", marker, "data", "marker");
            assertThat(anonymous.next(WAIT).data()).as("subscription updates are private").isEqualTo("marker");
        }
    }

    /**
     * A token for one topic's subscriptions must not reach others' through any spelling of the path:
     * what is authorized is exactly what is served. Before the fix, {@code mine/%2E%2E} answered the
     * whole list, payloads included.
     */
    @Test
    void noSpellingOfThePathReachesSubscriptionsTheTokenDoesNotCover() {
        String secret = UUID.randomUUID().toString();
        String mine = PATH + "/mine";
        String token = TestTokens.subscriber(mine + "{/subscriber}");
        try (SseTestClient other = subscribeWithToken(hub, tokenWithPayload(secret), uniqueTopic("someone-elses"))) {
            Map<String, Integer> spellings = new java.util.LinkedHashMap<>();
            spellings.put(mine + "/..", 400);
            spellings.put(mine + "/%2E%2E", 400);
            spellings.put(mine + "/%2e%2e", 400);
            spellings.put(mine + "/.%2E", 400);
            spellings.put(mine + "/%2E.", 400);
            spellings.put(mine + "/.", 400);
            spellings.put(mine + "/", 400);
            spellings.put(mine + "//", 400);
            spellings.put(mine + "/x/..", 400);
            spellings.put(mine + "/x/%2E%2E", 400);
            spellings.put(mine + "/..;x", 400);
            spellings.put(mine + ";x/x", 400);
            spellings.put(mine + "/x;x", 400);
            spellings.put(mine + "%2F..", 400);
            spellings.put(mine + "%2F%2E%2E", 400);
            spellings.put(mine + "/x%2F..", 400);
            spellings.put(mine + "/x%2Fy", 400);
            spellings.put(mine + "/%2F", 400);
            spellings.put(PATH + "/%2E%2E/mine", 400);
            spellings.put(PATH + "/%2Fmine", 403);
            spellings.put(mine + "/%252E%252E", 404);
            spellings.put(mine + "/%252E", 404);
            spellings.put(mine + "%252F..", 403);
            for (Map.Entry<String, Integer> spelling : spellings.entrySet()) {
                MercureHttp.RawResponse response = MercureHttp.rawGet(hub, spelling.getKey(), "Authorization",
                        "Bearer " + token, "Accept", "application/ld+json");

                assertThat(response.body()).as(spelling.getKey()).doesNotContain(secret);
                assertThat(response.status()).as(spelling.getKey() + ": " + response.body()).isEqualTo(spelling.getValue());
                assertThat(response.header("Content-Type")).as(spelling.getKey()).startsWith("application/problem+json");
            }
            // The plain spellings still work: the topic "mine" has no subscriptions, the list is empty.
            MercureHttp.RawResponse plain = MercureHttp.rawGet(hub, mine, "Authorization", "Bearer " + token,
                    "Accept", "application/ld+json");
            assertThat(plain.status()).as(plain.body()).isEqualTo(200);
            assertThat(readJson(plain.body()).path("subscriptions")).isEmpty();
            assertThat(readJson(plain.body()).path("id").asText()).isEqualTo(mine);
        }
    }

    private static boolean isAbout(ReceivedEvent event, String topic) {
        return event.data().contains("\"topic\":\"" + topic + "\"");
    }

    /** Asserts the Subscription document of a subscription to {@code topic} with {@code user} in its payload. */
    private static void assertSubscription(JsonNode subscription, String topic, String user) {
        String subscriber = subscription.path("subscriber").asText();
        assertThat(subscriber).startsWith("urn:uuid:");
        assertThat(subscription.path("@context").asText()).isEqualTo("https://mercure.rocks/");
        assertThat(subscription.path("id").asText())
                .isEqualTo(PATH + "/" + pathSegment(topic) + "/" + pathSegment(subscriber));
        assertThat(subscription.path("type").asText()).isEqualTo("Subscription");
        assertThat(subscription.path("topic").asText()).isEqualTo(topic);
        assertThat(subscription.path("active").asBoolean()).isTrue();
        assertThat(subscription.path("payload").path("user").asText()).isEqualTo(user);
    }

    /** The one entry of {@code list} subscribed to {@code topic}. */
    private static JsonNode only(JsonNode list, String topic) {
        List<JsonNode> entries = new ArrayList<>();
        list.path("subscriptions").forEach(entry -> {
            if (entry.path("topic").asText().equals(topic)) {
                entries.add(entry);
            }
        });
        assertThat(entries).as("subscriptions to %s in %s", topic, list).hasSize(1);
        return entries.get(0);
    }

    private static String tokenWithPayload(String user) {
        return TestTokens.hs256(TestTokens.SUBSCRIBER_KEY, Map.of("subscribe", List.of(), "payload", Map.of("user", user)),
                Instant.now().plusSeconds(3600));
    }
}
