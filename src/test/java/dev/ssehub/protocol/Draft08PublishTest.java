package dev.ssehub.protocol;

import static dev.ssehub.protocol.Draft08Http.METADATA_URL;
import static dev.ssehub.protocol.Draft08Http.PUBLISHER;
import static dev.ssehub.protocol.Draft08Http.assertChallenge;
import static dev.ssehub.protocol.Draft08Http.challenge;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.encode;
import static dev.ssehub.protocol.MercureHttp.form;
import static dev.ssehub.protocol.MercureHttp.post;
import static dev.ssehub.protocol.MercureHttp.publish;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static dev.ssehub.support.AccessTokens.exact;
import static dev.ssehub.support.AccessTokens.urlPattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ssehub.hub.Hub;
import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Publishing with draft-08 access tokens over HTTP, and the publication rules that hold whatever the
 * token's draft: the reserved {@code *} topic and hub namespace, the reserved {@code mercure} type,
 * the id constraints and the size limits; each refusal dispatching nothing.
 */
@QuarkusTest
class Draft08PublishTest {

    private static final String DRAFT07_PUBLISHER = TestTokens.publisher("*");

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Inject
    Hub core;

    private DispatchWatch watch;

    @BeforeEach
    void watch() {
        watch = DispatchWatch.start(hub, core);
    }

    @AfterEach
    void stopWatching() {
        watch.close();
    }

    /** A publisher allowed everything, of each draft. */
    static Stream<Arguments> publishers() {
        return Stream.of(Arguments.of("draft-07", DRAFT07_PUBLISHER), Arguments.of("draft-08", PUBLISHER));
    }

    @Test
    void anAccessTokenPublishesAndTheAnswerIsTheIdAsUtf8Text() {
        String topic = uniqueTopic("published");
        try (SseTestClient client = Draft08Http.open(hub, "match", topic)) {
            HttpResponse<String> response = publish(hub, PUBLISHER, "topic", topic, "data", "hello");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            // Draft-08 requires the charset: text/plain; charset=utf-8.
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(
                    type.toLowerCase(Locale.ROOT).replace(" ", "")).isEqualTo("text/plain;charset=utf-8"));
            ReceivedEvent event = client.next(WAIT);
            assertThat(event.id()).isEqualTo(response.body());
            assertThat(event.data()).isEqualTo("hello");
        }
    }

    @Test
    void aGivenIdIsTheAnswer() {
        String id = "urn:example:" + UUID.randomUUID();

        assertThat(publishOk(hub, PUBLISHER, "topic", uniqueTopic("given-id"), "id", id, "data", "x")).isEqualTo(id);
    }

    @Test
    void exactAndUrlPatternGrantsAllowTheTopicsTheyMatch() {
        String base = uniqueTopic("granted");
        String token = AccessTokens.publisher(AccessTokens.publish(exact(base + "/exact")),
                AccessTokens.publish(urlPattern(base + "/books/:id")));

        publishOk(hub, token, "topic", base + "/exact", "data", "exact");
        publishOk(hub, token, "topic", base + "/books/1", "topic", base + "/exact", "data", "both");
    }

    @Test
    void aTopicNoGrantMatchesIsForbiddenEvenBesideAllowedOnes() {
        String base = uniqueTopic("forbidden");
        String nonce = UUID.randomUUID().toString();
        String token = AccessTokens.publisher(AccessTokens.publish(urlPattern(base + "/books/:id")));

        HttpResponse<String> response = publish(hub, token, "topic", base + "/books/1", "topic", base + "/authors/1",
                "data", nonce);

        assertChallenge(response, 403, "insufficient_scope");
        detail(response, 403, "forbidden");
        watch.assertNothingDispatched(nonce);
    }

    @Test
    void aSubscribeGrantOrAnUnknownActionDoesNotAllowPublishing() {
        String topic = uniqueTopic("wrong-action");
        String subscribeOnly = AccessTokens.publisher(AccessTokens.subscribe(exact("*")));
        String unknownAction = AccessTokens.publisher(new AccessTokens.Detail(List.of("broadcast"), List.of(exact("*")),
                null));

        assertChallenge(publish(hub, subscribeOnly, "topic", topic, "data", "x"), 403, "insufficient_scope");
        assertChallenge(publish(hub, unknownAction, "topic", topic, "data", "x"), 403, "insufficient_scope");
    }

    @Test
    void anUnknownActionBesidePublishIsIgnored() {
        String token = AccessTokens.publisher(new AccessTokens.Detail(List.of("publish", "broadcast"),
                List.of(exact("*")), null));

        publishOk(hub, token, "topic", uniqueTopic("extra-action"), "data", "x");
    }

    @Test
    void anInvalidAccessTokenIsAnInvalidToken() {
        String nonce = UUID.randomUUID().toString();
        String wrongAudience = AccessTokens.sign(TestTokens.PUBLISHER_KEY, "at+jwt", AccessTokens.claims(
                AccessTokens.ISSUER, "https://other.example/.well-known/mercure", Instant.now().plusSeconds(600),
                AccessTokens.publish(exact("*"))));
        String subscriberKey = AccessTokens.subscriber(AccessTokens.publish(exact("*")));
        String expired = AccessTokens.sign(TestTokens.PUBLISHER_KEY, "at+jwt", AccessTokens.claims(AccessTokens.ISSUER,
                AccessTokens.RESOURCE, Instant.now().minusSeconds(5), AccessTokens.publish(exact("*"))));

        for (String token : List.of(wrongAudience, subscriberKey, expired)) {
            HttpResponse<String> response = publish(hub, token, "topic", uniqueTopic("invalid"), "data", nonce);
            assertChallenge(response, 401, "invalid_token");
        }
        watch.assertNothingDispatched(nonce);
    }

    @Test
    void publishingWithoutATokenIsAChallengeWithoutAnErrorCode() {
        HttpResponse<String> response = post(hub, form("topic", uniqueTopic("anonymous"), "data", "x")
                .getBytes(StandardCharsets.UTF_8), "Content-Type", MercureHttp.FORM);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(challenge(response.headers())).isEqualTo("Bearer realm=\"mercure\", resource_metadata=\""
                + METADATA_URL + "\"");
    }

    @Test
    void anAccessTokenInTheUrlIsNotAccepted() {
        String nonce = UUID.randomUUID().toString();
        URI withToken = URI.create(hub + "?authorization=" + encode(PUBLISHER));

        HttpResponse<String> response = post(withToken, form("topic", uniqueTopic("token-in-url"), "data", nonce)
                .getBytes(StandardCharsets.UTF_8), "Content-Type", MercureHttp.FORM);

        // Draft-08 takes tokens from the Authorization header or its cookie only; the authorization
        // parameter is draft-07's, and an access token there is refused as in a subscription URL.
        // An access token in the URL (the draft-07 authorization parameter) is refused, nothing published.
        assertThat(response.statusCode()).as(response.body()).isIn(400, 401);
        watch.assertNothingDispatched(nonce);
    }

    @ParameterizedTest(name = "{0} token, topic {2}")
    @MethodSource("reservedTopics")
    void aTopicInTheHubsNamespaceOrTheWildcardIsRefusedWhateverTheToken(String draft, String token, String topic) {
        String nonce = UUID.randomUUID().toString();

        HttpResponse<String> canonical = publish(hub, token, "topic", topic, "data", nonce);
        HttpResponse<String> alternate = publish(hub, token, "topic", uniqueTopic("fine"), "topic", topic, "data", nonce);

        detail(canonical, 400, "invalid-update");
        detail(alternate, 400, "invalid-update");
        watch.assertNothingDispatched(nonce);
    }

    static Stream<Arguments> reservedTopics() {
        List<String> topics = List.of(
                "*",
                "/.well-known/mercure",
                "/.well-known/mercure/",
                "/.well-known/mercure/subscriptions/exact/x/urn%3Auuid%3A1",
                "http://127.0.0.1/.well-known/mercure/subscriptions",
                "https://hub.example.com/.well-known/mercure/subscriptions/urlpattern/x/y",
                "HTTPS://OTHER.EXAMPLE/.well-known/mercure/x",
                "//evil.example/.well-known/mercure",
                "/.well-known/%6Dercure/subscriptions",
                "/.well-known/%6d%65rcure",
                "/%2Ewell-known/mercure/x",
                "/.well-known/mercure/../mercure/x",
                "/.well-known/./mercure",
                "/foo/../.well-known/mercure",
                "../.well-known/mercure/x",
                "mercure",
                "mercure/subscriptions/x",
                "\\.well-known\\mercure\\x",
                "/.well-known/mercure?query",
                "/.well-known/mercure#fragment");
        List<Arguments> arguments = new ArrayList<>();
        publishers().forEach(publisher -> topics.forEach(topic -> arguments.add(
                Arguments.of(publisher.get()[0], publisher.get()[1], topic))));
        return arguments.stream();
    }

    @ParameterizedTest(name = "topic {0}")
    @MethodSource("lookalikeTopics")
    void topicsThatOnlyLookLikeTheHubsPathAreAccepted(String topic) {
        publishOk(hub, PUBLISHER, "topic", topic + "/" + UUID.randomUUID(), "data", "fine");
    }

    static Stream<String> lookalikeTopics() {
        return Stream.of("/.well-known/mercurex", "/.well-known/mercure-other", "https://example.com/.well-known/mercury",
                "/.WELL-KNOWN/MERCURE", "urn:example:/.well-known/mercure", "/.well-known/mercure%2Fsubscriptions",
                "/other/.well-known/mercure");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishers")
    void theMercureTypeIsReservedForTheHub(String draft, String token) {
        String nonce = UUID.randomUUID().toString();

        detail(publish(hub, token, "topic", uniqueTopic("type"), "type", "mercure", "data", nonce), 400,
                "invalid-update");
        watch.assertNothingDispatched(nonce);
    }

    @ParameterizedTest(name = "{0} token, id {2}")
    @MethodSource("invalidIds")
    void anIdThatCannotBeACursorIsRefused(String draft, String token, String id) {
        String nonce = UUID.randomUUID().toString();

        detail(publish(hub, token, "topic", uniqueTopic("id"), "id", id, "data", nonce), 400, "invalid-update");
        watch.assertNothingDispatched(nonce);
    }

    static Stream<Arguments> invalidIds() {
        List<String> ids = List.of("earliest", "#1", "#", "a\u0000b", "a\u0001b", "a\nb", "a\u007Fb", "a\u0085b",
                "a\u200Bb", "a\u202Eb", "a\uFEFFb");
        List<Arguments> arguments = new ArrayList<>();
        publishers().forEach(publisher -> ids.forEach(id -> arguments.add(
                Arguments.of(publisher.get()[0], publisher.get()[1], id))));
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishers")
    void typeAndRetryAreChecked(String draft, String token) {
        String nonce = UUID.randomUUID().toString();

        detail(publish(hub, token, "topic", uniqueTopic("type"), "type", "a\u200Bb", "data", nonce), 400,
                "invalid-update");
        for (String retry : List.of("-1", "1.5", "ten", " 5")) {
            detail(publish(hub, token, "topic", uniqueTopic("retry"), "retry", retry, "data", nonce), 400,
                    "invalid-update");
        }
        watch.assertNothingDispatched(nonce);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishers")
    void tooManyOrTooLongTopicsAndTooLargeDataAreContentTooLarge(String draft, String token) {
        String nonce = UUID.randomUUID().toString();
        List<String> fields = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            fields.add("topic");
            fields.add(uniqueTopic("many"));
        }
        fields.add("data");
        fields.add(nonce);

        detail(publish(hub, token, fields.toArray(String[]::new)), 413, "update-too-large");
        detail(publish(hub, token, "topic", "https://example.com/" + "x".repeat(2100), "data", nonce), 413,
                "update-too-large");
        detail(publish(hub, token, "topic", uniqueTopic("large"), "data", nonce + "x".repeat(1024 * 1024)), 413,
                "update-too-large");
        watch.assertNothingDispatched(nonce);
    }
}
