package dev.ssehub.protocol;

import static dev.ssehub.protocol.Draft08Http.METADATA_URL;
import static dev.ssehub.protocol.Draft08Http.MERCURE_LAST_EVENT_ID;
import static dev.ssehub.protocol.Draft08Http.assertChallenge;
import static dev.ssehub.protocol.Draft08Http.challenge;
import static dev.ssehub.protocol.Draft08Http.openWithToken;
import static dev.ssehub.protocol.Draft08Http.uri;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.accepted;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.eventsUntil;
import static dev.ssehub.protocol.MercureHttp.get;
import static dev.ssehub.protocol.MercureHttp.pathSegment;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.readJson;
import static dev.ssehub.protocol.MercureHttp.subscribeWithToken;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static dev.ssehub.support.AccessTokens.exact;
import static dev.ssehub.support.AccessTokens.subscribe;
import static dev.ssehub.support.AccessTokens.urlPattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Active subscriptions the draft-08 way over HTTP: the {@code mercure} events announcing each
 * subscription beside the draft-07 JSON-LD ones, each reaching only subscribers of its draft, and the
 * subscriptions API in the shape of the token's draft.
 */
@QuarkusTest
class Draft08SubscriptionsTest {

    private static final String PATH = "/.well-known/mercure/subscriptions";
    /** A draft-08 matcher of every subscription event (relative, resolved against the hub's URL). */
    private static final String EVERY_SUBSCRIPTION = PATH + "/*";
    /** Allowed to receive every subscription event, and to read the whole API, the draft-08 way. */
    private static final String WATCHER = AccessTokens.subscriber(subscribe(exact(PATH), urlPattern(EVERY_SUBSCRIPTION)));
    /** A draft-07 selector of every subscription event, and the token allowed it. */
    private static final String DRAFT07_SELECTOR = PATH + "{/topic}{/subscriber}";
    private static final String DRAFT07_WATCHER = TestTokens.subscriber(DRAFT07_SELECTOR);
    private static final Pattern LINK = Pattern.compile("<http://127\\.0\\.0\\.1/\\.well-known/mercure>; rel=\"mercure\"; "
            + "last-event-id=\"([^\"]+)\"; type=\"mercure\"; content-type=\"application/json\"");

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @TestHTTPResource("/.well-known/mercure/subscriptions")
    URI subscriptions;

    @Test
    void aMercureEventAnnouncesEachSubscriptionStartingAndEnding() {
        String pattern = uniqueTopic("announced") + "/:id";
        Map<String, Object> payload = Map.of("tenant", "t-" + UUID.randomUUID());
        String token = AccessTokens.subscriber(subscribe(urlPattern(pattern)).withPayload(payload));
        try (SseTestClient watcher = openWithToken(hub, WATCHER, "match_urlpattern", EVERY_SUBSCRIPTION)) {
            JsonNode started;
            try (SseTestClient client = openWithToken(hub, token, "match_urlpattern", pattern)) {
                ReceivedEvent event = watcher.awaitEvent(about(pattern, true), WAIT);
                assertThat(event.type()).isEqualTo("mercure");
                started = json(event);
                String subscriber = started.path("subscriber").asText();
                assertThat(subscriber).startsWith("urn:uuid:");
                assertThat(started.path("id").asText())
                        .isEqualTo(PATH + "/urlpattern/" + pathSegment(pattern) + "/" + pathSegment(subscriber));
                assertThat(started.path("type").asText()).isEqualTo("subscription");
                assertThat(started.path("match_type").asText()).isEqualTo("urlpattern");
                assertThat(started.path("payload").path("tenant").asText()).isEqualTo(payload.get("tenant"));
                assertThat(fieldNames(started)).containsExactlyInAnyOrder("id", "type", "match_type", "match",
                        "subscriber", "active", "payload");
            }
            JsonNode ended = json(watcher.awaitEvent(about(pattern, false), WAIT));
            assertThat(ended.path("id").asText()).isEqualTo(started.path("id").asText());
            assertThat(ended.path("subscriber").asText()).isEqualTo(started.path("subscriber").asText());
        }
    }

    @Test
    void thePayloadIsThatOfTheFirstSubscribeDetailMatchingTheSubscriptionsMatcher() {
        String specific = uniqueTopic("payload-specific");
        String other = uniqueTopic("payload-other");
        String masked = uniqueTopic("payload-masked");
        String specificFirst = AccessTokens.subscriber(
                subscribe(exact(specific)).withPayload(Map.of("p", "specific")),
                subscribe(exact("*")).withPayload(Map.of("p", "default")));
        String broadFirst = AccessTokens.subscriber(
                subscribe(exact("*")).withPayload(Map.of("p", "default")),
                subscribe(exact(masked)).withPayload(Map.of("p", "specific")));
        try (SseTestClient watcher = openWithToken(hub, WATCHER, "match_urlpattern", EVERY_SUBSCRIPTION);
                SseTestClient first = openWithToken(hub, specificFirst, "match", specific, "match", other);
                SseTestClient second = openWithToken(hub, broadFirst, "match", masked)) {
            List<ReceivedEvent> seen = until(watcher, events -> count(events, "match", specific) == 1
                    && count(events, "match", other) == 1 && count(events, "match", masked) == 1);

            assertThat(payloadsOf(seen, specific)).containsExactly("specific");
            assertThat(payloadsOf(seen, other)).containsExactly("default");
            // Order decides: a broad detail placed first masks the specific one after it.
            assertThat(payloadsOf(seen, masked)).containsExactly("default");
        }
    }

    @Test
    void subscriptionEventsArePrivate() {
        String topic = uniqueTopic("private-events");
        String marker = uniqueTopic("marker");
        String elsewhere = AccessTokens.subscriber(subscribe(urlPattern("/elsewhere/*")));
        try (SseTestClient watcher = openWithToken(hub, WATCHER, "match_urlpattern", EVERY_SUBSCRIPTION);
                SseTestClient anonymous = Draft08Http.open(hub, "match_urlpattern", EVERY_SUBSCRIPTION, "match", marker);
                SseTestClient ungranted = openWithToken(hub, elsewhere, "match_urlpattern", EVERY_SUBSCRIPTION,
                        "match", marker);
                SseTestClient client = Draft08Http.open(hub, "match", topic)) {
            watcher.awaitEvent(about(topic, true), WAIT);
            publishOk(hub, Draft08Http.PUBLISHER, "topic", marker, "data", "marker");

            assertThat(eventsUntil(anonymous, "marker")).isEmpty();
            assertThat(eventsUntil(ungranted, "marker")).isEmpty();
        }
    }

    @Test
    void eachSubscriberReceivesTheSubscriptionEventsOfItsOwnDraftOnly() {
        String marker = uniqueTopic("marker");
        String byDraft07 = uniqueTopic("by-draft07") + "/{id}";
        String byDraft08 = uniqueTopic("by-draft08");
        try (SseTestClient draft07 = subscribeWithToken(hub, DRAFT07_WATCHER, DRAFT07_SELECTOR, marker);
                SseTestClient draft08 = openWithToken(hub, WATCHER, "match_urlpattern", EVERY_SUBSCRIPTION,
                        "match", marker)) {
            List<ReceivedEvent> seen07 = new ArrayList<>();
            List<ReceivedEvent> seen08 = new ArrayList<>();
            try (SseTestClient old = MercureHttp.subscribe(hub, byDraft07);
                    SseTestClient current = Draft08Http.open(hub, "match", byDraft08)) {
                seen07.addAll(until(draft07, seen -> count(seen, "topic", byDraft07) == 1
                        && count(seen, "topic", byDraft08) == 1));
                seen08.addAll(until(draft08, seen -> count(seen, "match", byDraft07) == 1
                        && count(seen, "match", byDraft08) == 1));
                // Both shapes of both announcements are out; whatever a stream should not get came before this.
                publishOk(hub, Draft08Http.PUBLISHER, "topic", marker, "data", "marker");
                seen07.addAll(eventsUntil(draft07, "marker"));
                seen08.addAll(eventsUntil(draft08, "marker"));
            }

            assertThat(seen07).allSatisfy(event -> {
                assertThat(event.type()).isEqualTo("message");
                assertThat(json(event).path("@context").asText()).isEqualTo("https://mercure.rocks/");
                assertThat(json(event).path("type").asText()).isEqualTo("Subscription");
            });
            assertThat(seen08).allSatisfy(event -> {
                assertThat(event.type()).isEqualTo("mercure");
                assertThat(json(event).has("@context")).isFalse();
                assertThat(json(event).path("type").asText()).isEqualTo("subscription");
            });
            assertThat(count(seen07, "topic", byDraft07)).isEqualTo(1);
            assertThat(count(seen07, "topic", byDraft08)).isEqualTo(1);
            assertThat(matchTypesOf(seen08, byDraft07)).containsExactly("uritemplate");
            assertThat(matchTypesOf(seen08, byDraft08)).containsExactly("exact");
        }
    }

    @Test
    void theCollectionIsPlainJsonWithTheCursorInTheLinkHeader() {
        String pattern = uniqueTopic("listed") + "/:id";
        Map<String, Object> payload = Map.of("label", "listed " + UUID.randomUUID());
        String token = AccessTokens.subscriber(subscribe(urlPattern(pattern)).withPayload(payload));
        try (SseTestClient watcher = openWithToken(hub, WATCHER, "match_urlpattern", EVERY_SUBSCRIPTION);
                SseTestClient client = openWithToken(hub, token, "match_urlpattern", pattern)) {
            JsonNode announced = json(watcher.awaitEvent(about(pattern, true), WAIT));

            HttpResponse<String> response = get(subscriptions, "Authorization", "Bearer " + WATCHER);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(cursor(response)).isNotBlank();
            JsonNode list = readJson(response.body());
            assertThat(fieldNames(list)).containsExactlyInAnyOrder("id", "type", "subscriptions");
            assertThat(list.path("id").asText()).isEqualTo(PATH);
            assertThat(list.path("type").asText()).isEqualTo("subscriptions");
            assertThat(entries(list, pattern)).containsExactly(announced);
        }
    }

    @Test
    void oneMatchersCollectionAndOneSubscriptionAreServedAtTheirPaths() {
        String pattern = uniqueTopic("by-matcher") + "/:id";
        String other = uniqueTopic("other-matcher");
        try (SseTestClient watcher = openWithToken(hub, WATCHER, "match_urlpattern", EVERY_SUBSCRIPTION);
                SseTestClient first = Draft08Http.open(hub, "match_urlpattern", pattern);
                SseTestClient second = Draft08Http.open(hub, "match_urlpattern", pattern, "match", other)) {
            JsonNode announced = json(watcher.awaitEvent(about(pattern, true), WAIT));
            String collection = PATH + "/urlpattern/" + pathSegment(pattern);

            HttpResponse<String> listed = get(hub.resolve(collection), "Authorization", "Bearer " + WATCHER);
            String one = collection + "/" + pathSegment(announced.path("subscriber").asText());
            HttpResponse<String> single = get(hub.resolve(one), "Authorization", "Bearer " + WATCHER);

            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            JsonNode list = readJson(listed.body());
            assertThat(list.path("id").asText()).isEqualTo(collection);
            assertThat(list.path("type").asText()).isEqualTo("subscriptions");
            assertThat(list.path("subscriptions")).hasSize(2).allSatisfy(entry -> {
                assertThat(entry.path("match_type").asText()).isEqualTo("urlpattern");
                assertThat(entry.path("match").asText()).isEqualTo(pattern);
            });
            assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
            assertThat(single.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(cursor(single)).isNotBlank();
            assertThat(readJson(single.body())).isEqualTo(announced);
        }
    }

    @Test
    void aDraft07SubscriptionIsListedUnderItsDraft08MatchType() {
        String topic = uniqueTopic("listed-draft07");
        try (SseTestClient client = MercureHttp.subscribe(hub, topic)) {
            HttpResponse<String> response = get(hub.resolve(PATH + "/exact/" + pathSegment(topic)),
                    "Authorization", "Bearer " + WATCHER);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode entries = readJson(response.body()).path("subscriptions");
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).path("match").asText()).isEqualTo(topic);
            assertThat(entries.get(0).path("match_type").asText()).isEqualTo("exact");
        }
    }

    @Test
    void anUnknownSubscriberOrMatchTypeIsNotFound() {
        String topic = uniqueTopic("unknown");
        try (SseTestClient client = Draft08Http.open(hub, "match", topic)) {
            String unknownSubscriber = PATH + "/exact/" + pathSegment(topic) + "/" + pathSegment("urn:uuid:" + UUID.randomUUID());

            detail(get(hub.resolve(unknownSubscriber), "Authorization", "Bearer " + WATCHER), 404, "not-found");
            detail(get(hub.resolve(PATH + "/regex/" + pathSegment(topic)), "Authorization", "Bearer " + WATCHER), 404,
                    "not-found");
        }
    }

    @Test
    void aTokenMustGrantSubscribeOnTheRequestedPath() {
        String topic = uniqueTopic("scoped");
        String collection = PATH + "/exact/" + pathSegment(topic);
        String scoped = AccessTokens.subscriber(subscribe(exact(collection)));
        try (SseTestClient client = Draft08Http.open(hub, "match", topic)) {
            HttpResponse<String> allowed = get(hub.resolve(collection), "Authorization", "Bearer " + scoped);
            HttpResponse<String> whole = get(subscriptions, "Authorization", "Bearer " + scoped);
            HttpResponse<String> another = get(hub.resolve(PATH + "/exact/" + pathSegment(topic + "/2")),
                    "Authorization", "Bearer " + scoped);

            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
            assertChallenge(whole, 403, "insufficient_scope");
            assertChallenge(another, 403, "insufficient_scope");
        }
    }

    @Test
    void aUrlPatternUnderTheApiPathDoesNotCoverTheCollectionItself() {
        String underOnly = AccessTokens.subscriber(subscribe(urlPattern(EVERY_SUBSCRIPTION)));

        HttpResponse<String> response = get(subscriptions, "Authorization", "Bearer " + underOnly);

        assertChallenge(response, 403, "insufficient_scope");
    }

    @Test
    void theApiNeedsAValidToken() {
        HttpResponse<String> none = get(subscriptions);
        HttpResponse<String> invalid = get(subscriptions, "Authorization", "Bearer " + AccessTokens.sign(
                TestTokens.PUBLISHER_KEY, "at+jwt", AccessTokens.claims(AccessTokens.ISSUER, AccessTokens.RESOURCE,
                        Instant.now().plusSeconds(60), subscribe(exact("*")))));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(challenge(none.headers())).isEqualTo("Bearer realm=\"mercure\", resource_metadata=\"" + METADATA_URL
                + "\"");
        assertChallenge(invalid, 401, "invalid_token");
    }

    @Test
    void aDraft07TokenGetsTheJsonLdShapeOfTheSameSubscriptions() {
        String pattern = uniqueTopic("both-shapes") + "/:id";
        try (SseTestClient client = Draft08Http.open(hub, "match_urlpattern", pattern)) {
            HttpResponse<String> response = get(subscriptions, "Authorization", "Bearer " + DRAFT07_WATCHER);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/ld+json"));
            JsonNode list = readJson(response.body());
            assertThat(list.path("@context").asText()).isEqualTo("https://mercure.rocks/");
            assertThat(list.path("type").asText()).isEqualTo("Subscriptions");
            assertThat(list.path("lastEventID").asText()).isNotBlank();
            List<JsonNode> ours = new ArrayList<>();
            list.path("subscriptions").forEach(entry -> {
                if (entry.path("topic").asText().equals(pattern)) {
                    ours.add(entry);
                }
            });
            assertThat(ours).hasSize(1);
            assertThat(ours.get(0).path("type").asText()).isEqualTo("Subscription");
        }
    }

    @Test
    void followingEventsFromTheListsCursorMissesNoSubscription() {
        String cursor = cursor(get(subscriptions, "Authorization", "Bearer " + WATCHER));
        String topic = uniqueTopic("after-the-list");
        try (SseTestClient late = Draft08Http.open(hub, "match", topic);
                SseTestClient watcher = accepted(SseTestClient.open(uri(hub, "match_urlpattern", EVERY_SUBSCRIPTION,
                        "last_event_id", cursor), "Authorization", "Bearer " + WATCHER))) {
            assertThat(watcher.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(cursor);

            assertThat(watcher.awaitEvent(about(topic, true), WAIT).type()).isEqualTo("mercure");
        }
    }

    /** The {@code last-event-id} of the response's {@code Link: rel="mercure"} header, asserting its form. */
    private static String cursor(HttpResponse<String> response) {
        String link = response.headers().firstValue("Link").orElseThrow(() -> new AssertionError("no Link header"));
        Matcher matcher = LINK.matcher(link);
        assertThat(matcher.matches()).as("Link: %s", link).isTrue();
        return matcher.group(1);
    }

    /** A draft-08 subscription event about {@code match}, active or not. */
    private static Predicate<ReceivedEvent> about(String match, boolean active) {
        return event -> {
            JsonNode document = json(event);
            return document.path("match").asText().equals(match) && document.path("active").asBoolean(!active) == active;
        };
    }

    /** Reads events into a list until {@code done} holds for it. */
    private static List<ReceivedEvent> until(SseTestClient client, Predicate<List<ReceivedEvent>> done) {
        List<ReceivedEvent> seen = new ArrayList<>();
        client.awaitEvent(event -> {
            seen.add(event);
            return done.test(seen);
        }, WAIT);
        return seen;
    }

    /** How many active announcements in {@code events} have {@code field} equal to {@code value}. */
    private static long count(List<ReceivedEvent> events, String field, String value) {
        return events.stream().map(Draft08SubscriptionsTest::json)
                .filter(document -> document.path(field).asText().equals(value) && document.path("active").asBoolean())
                .count();
    }

    private static List<String> matchTypesOf(List<ReceivedEvent> events, String match) {
        return events.stream().map(Draft08SubscriptionsTest::json)
                .filter(document -> document.path("match").asText().equals(match) && document.path("active").asBoolean())
                .map(document -> document.path("match_type").asText()).toList();
    }

    /** The {@code p} member of the payloads of the active announcements of {@code match}. */
    private static List<String> payloadsOf(List<ReceivedEvent> events, String match) {
        return events.stream().map(Draft08SubscriptionsTest::json)
                .filter(document -> document.path("match").asText().equals(match) && document.path("active").asBoolean())
                .map(document -> document.path("payload").path("p").asText()).toList();
    }

    private static List<JsonNode> entries(JsonNode list, String match) {
        List<JsonNode> found = new ArrayList<>();
        list.path("subscriptions").forEach(entry -> {
            if (entry.path("match").asText().equals(match)) {
                found.add(entry);
            }
        });
        return found;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The event's data as JSON; missing for data that is not JSON (a marker). */
    private static JsonNode json(ReceivedEvent event) {
        try {
            JsonNode node = MercureHttp.JSON.readTree(event.data());
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
