package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.FORM;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.form;
import static dev.ssehub.protocol.MercureHttp.post;
import static dev.ssehub.protocol.MercureHttp.problem;
import static dev.ssehub.protocol.MercureHttp.publish;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ssehub.hub.Hub;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Publishing over HTTP: the answer and the event ids, then every refusal (401, 403, 400, 413, 415)
 * as a problem that says what to change and after which nothing at all was dispatched.
 */
@QuarkusTest
class PublishTest {

    private static final String PUBLISHER = TestTokens.publisher("*");
    private static final long MIB = 1024 * 1024;

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

    @Test
    void anAcceptedUpdateIsAnsweredWith200AndItsGeneratedUrnUuidIdAsText() {
        String topic = uniqueTopic("accepted");
        try (SseTestClient client = MercureHttp.subscribe(hub, topic)) {
            HttpResponse<String> response = publish(hub, PUBLISHER, "topic", topic, "data", "hello");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            String id = response.body();
            assertThat(id).startsWith("urn:uuid:");
            assertThat(UUID.fromString(id.substring("urn:uuid:".length())).toString())
                    .isEqualTo(id.substring("urn:uuid:".length()));
            assertThat(client.next(WAIT).id()).isEqualTo(id);
        }
    }

    @Test
    void aGivenIdIsUsedAsTheEventId() {
        String topic = uniqueTopic("given-id");
        String id = "https://example.com/events/" + UUID.randomUUID();
        try (SseTestClient client = MercureHttp.subscribe(hub, topic)) {
            assertThat(publishOk(hub, PUBLISHER, "topic", topic, "data", "x", "id", id)).isEqualTo(id);

            assertThat(client.next(WAIT).id()).isEqualTo(id);
        }
    }

    /** A publisher that got no answer (or a 503 saying so) publishes again with the same id: stored once. */
    @Test
    void theSameUpdatePublishedAgainWithItsIdIsAnsweredWithTheIdAndDeliveredOnce() {
        String topic = uniqueTopic("retried");
        String id = "https://example.com/events/" + UUID.randomUUID();
        try (SseTestClient client = MercureHttp.subscribe(hub, topic)) {
            assertThat(publishOk(hub, PUBLISHER, "topic", topic, "data", "once", "id", id, "type", "t")).isEqualTo(id);
            assertThat(publishOk(hub, PUBLISHER, "topic", topic, "data", "once", "id", id, "type", "t")).isEqualTo(id);
            // The id reused for other content is another update (draft-08).
            assertThat(publishOk(hub, PUBLISHER, "topic", topic, "data", "changed", "id", id, "type", "t")).isEqualTo(id);

            assertThat(client.next(WAIT)).isEqualTo(new ReceivedEvent(id, "t", "once", null));
            assertThat(client.next(WAIT)).isEqualTo(new ReceivedEvent(id, "t", "changed", null));
        }
    }

    @Test
    void aPublisherAllowedExactlyItsTopicsMayPublishThere() {
        String topic = uniqueTopic("allowed");
        String other = uniqueTopic("also-allowed");

        publishOk(hub, TestTokens.publisher(topic, other), "topic", topic, "topic", other, "data", "within its rights");
    }

    static Stream<Arguments> unauthorized() {
        Map<String, Object> publishAll = Map.of("publish", List.of("*"));
        Instant inAnHour = Instant.now().plusSeconds(3600);
        String unsigned = base64Url("{\"alg\":\"none\"}") + "." + base64Url("{\"mercure\":{\"publish\":[\"*\"]}}") + ".";
        return Stream.of(
                Arguments.of("no token", null, "needs a token"),
                Arguments.of("not a JWS", "Bearer not-a-jws", "not a compact JWS"),
                Arguments.of("signed with another key",
                        "Bearer " + TestTokens.hs256(TestTokens.SUBSCRIBER_KEY, publishAll, inAnHour), "signature"),
                Arguments.of("expired",
                        "Bearer " + TestTokens.hs256(TestTokens.PUBLISHER_KEY, publishAll, Instant.now().minusSeconds(60)),
                        "expired"),
                Arguments.of("unsigned (alg none)", "Bearer " + unsigned, "HS256"),
                Arguments.of("Basic credentials", "Basic " + base64Url("user:password"), "Bearer"),
                Arguments.of("Bearer without a token", "Bearer", "Bearer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthorized")
    void aMissingOrInvalidTokenIsRefusedWith401AndAChallenge(String name, String authorization, String hint) {
        String nonce = UUID.randomUUID().toString();
        List<String> headers = new ArrayList<>(List.of("Content-Type", FORM));
        if (authorization != null) {
            headers.addAll(List.of("Authorization", authorization));
        }
        HttpResponse<String> response = post(hub, form("topic", uniqueTopic("unauthorized"), "data", nonce)
                .getBytes(StandardCharsets.UTF_8), headers.toArray(String[]::new));

        String detail = detail(response, 401, "unauthorized");
        assertThat(detail).contains(hint);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("(none)");
        assertThat(challenge).startsWith("Bearer realm=\"mercure\"");
        String token = authorization == null ? "" : authorization.substring(authorization.indexOf(' ') + 1);
        if (token.length() > 8) {
            // Answers and challenges end up in logs: they describe the token, never repeat it.
            assertThat(detail).doesNotContain(token);
            assertThat(challenge).doesNotContain(token);
        }
        watch.assertNothingDispatched(nonce);
    }

    @Test
    void aTokenThatDoesNotCoverEveryTopicIsRefusedWith403() {
        String allowed = uniqueTopic("allowed");
        String nonce = UUID.randomUUID().toString();

        HttpResponse<String> response = publish(hub, TestTokens.publisher(allowed),
                "topic", allowed, "topic", uniqueTopic("not-allowed"), "data", nonce);

        assertThat(detail(response, 403, "forbidden")).contains("do not match every topic").contains("mercure.publish");
        watch.assertNothingDispatched(nonce);
    }

    @Test
    void aTokenWithoutPublishClaimIsRefusedWith403() {
        String nonce = UUID.randomUUID().toString();
        String subscribeOnly = TestTokens.hs256(TestTokens.PUBLISHER_KEY, Map.of("subscribe", List.of("*")),
                Instant.now().plusSeconds(3600));
        String noMercureClaim = TestTokens.hs256(TestTokens.PUBLISHER_KEY, null, Instant.now().plusSeconds(3600));

        for (String token : List.of(subscribeOnly, noMercureClaim)) {
            HttpResponse<String> response = publish(hub, token, "topic", uniqueTopic("no-claim"), "data", nonce);

            assertThat(detail(response, 403, "forbidden")).contains("mercure.publish").contains("missing");
        }
        watch.assertNothingDispatched(nonce);
    }

    static Stream<Arguments> invalidUpdates() {
        return Stream.of(
                Arguments.of("no topic", List.of(), "topic is required"),
                Arguments.of("an id starting with #", List.of("topic", "/t", "id", "#reserved"), "must not start with '#'"),
                Arguments.of("CR in id", List.of("topic", "/t", "id", "a\rb"), "id must not contain control or invisible format characters"),
                Arguments.of("LF in id", List.of("topic", "/t", "id", "a\nid: forged"), "id must not contain control or invisible format characters"),
                Arguments.of("NUL in id", List.of("topic", "/t", "id", "a\0b"), "id must not contain control or invisible format characters"),
                Arguments.of("CR in type", List.of("topic", "/t", "type", "a\rb"), "type must not contain control or invisible format characters"),
                Arguments.of("LF in type", List.of("topic", "/t", "type", "a\ndata: forged"),
                        "type must not contain control or invisible format characters"),
                Arguments.of("NUL in type", List.of("topic", "/t", "type", "a\0b"), "type must not contain control or invisible format characters"),
                Arguments.of("VT in id", List.of("topic", "/t", "id", "a\u000bb"), "id must not contain control"),
                Arguments.of("DEL in id", List.of("topic", "/t", "id", "a\u007fb"), "id must not contain control"),
                Arguments.of("C1 NEL in id", List.of("topic", "/t", "id", "a\u0085b"), "id must not contain control"),
                Arguments.of("zero-width space in id", List.of("topic", "/t", "id", "a\u200bb"), "id must not contain control"),
                Arguments.of("RLO in type", List.of("topic", "/t", "type", "a\u202eb"), "type must not contain control"),
                Arguments.of("ESC in type", List.of("topic", "/t", "type", "a\u001bb"), "type must not contain control"),
                Arguments.of("the reserved id earliest", List.of("topic", "/t", "id", "earliest"), "must not be 'earliest'"),
                Arguments.of("a word as retry", List.of("topic", "/t", "retry", "soon"), "retry must be a non-negative integer"),
                Arguments.of("a negative retry", List.of("topic", "/t", "retry", "-1"), "retry must be a non-negative integer"),
                Arguments.of("a fractional retry", List.of("topic", "/t", "retry", "1.5"), "retry must be a non-negative integer"),
                Arguments.of("the wildcard as a topic", List.of("topic", "/t", "topic", "*"), "must not be '*'"),
                Arguments.of("a topic under the hub's path", List.of("topic", "/.well-known/%6dercure/subscriptions/x/y"),
                        "the hub's own path"),
                Arguments.of("the type of subscription events", List.of("topic", "/t", "type", "mercure"),
                        "type must not be 'mercure'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUpdates")
    void anInvalidUpdateIsRefusedWith400SayingWhatToChange(String name, List<String> fields, String hint) {
        String nonce = UUID.randomUUID().toString();
        List<String> withData = new ArrayList<>(fields);
        withData.addAll(List.of("data", nonce));

        HttpResponse<String> response = publish(hub, PUBLISHER, withData.toArray(String[]::new));

        assertThat(detail(response, 400, "invalid-update")).contains(hint);
        watch.assertNothingDispatched(nonce);
    }

    @ParameterizedTest
    @ValueSource(strings = {"topic=%2Ft&data=NONCE%zz", "topic=%2Ft&data=NONCE%", "topic=%2Ft&data=NONCE%FF",
        "topic=%2Ft&data=NONCE%C3%28", "topic=%2Ft&data=NONCE%ED%A0%80"})
    void aBodyThatIsNotAUtf8FormIsRefusedWith400(String template) {
        String nonce = UUID.randomUUID().toString();
        byte[] body = template.replace("NONCE", nonce).getBytes(StandardCharsets.US_ASCII);

        HttpResponse<String> response = post(hub, body, "Content-Type", FORM, "Authorization", "Bearer " + PUBLISHER);

        assertThat(detail(response, 400, "malformed-form")).contains("application/x-www-form-urlencoded")
                .containsAnyOf("percent escape", "UTF-8");
        watch.assertNothingDispatched(nonce);
    }

    /** A Content-Type that does not parse is a client error, with or without a token; before: 500 with an error id. */
    @ParameterizedTest
    @ValueSource(strings = {"a/b/c", ";;;", "/", "text/", "application/x-www-form-urlencoded/x", "=", "a/b; c",
        "a/b; charset=\"unterminated", "\u00e9/\u00e9"})
    void aContentTypeThatDoesNotParseIsAClientError(String contentType) {
        String nonce = UUID.randomUUID().toString();
        byte[] body = form("topic", uniqueTopic("malformed-type"), "data", nonce).getBytes(StandardCharsets.UTF_8);
        for (String[] authorization : List.of(new String[0], new String[] {"Authorization", "Bearer " + PUBLISHER})) {
            List<String> headers = new ArrayList<>(List.of("Content-Type", contentType));
            headers.addAll(List.of(authorization));

            MercureHttp.RawResponse response = MercureHttp.raw(hub, "POST", hub.getRawPath(), body,
                    headers.toArray(String[]::new));

            assertThat(response.status()).as(contentType + ": " + response.body()).isIn(400, 401, 415);
            assertThat(response.header("Content-Type")).as(contentType).startsWith("application/problem+json");
            assertThat(response.body()).as(contentType).doesNotContain("Stack").doesNotContain("incident");
        }
        watch.assertNothingDispatched(nonce);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/json", "multipart/form-data; boundary=x", "(none)"})
    void aBodyOfAnotherMediaTypeIsRefusedWith415(String contentType) {
        String nonce = UUID.randomUUID().toString();
        byte[] body = form("topic", uniqueTopic("media-type"), "data", nonce).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = contentType.equals("(none)")
                ? post(hub, body, "Authorization", "Bearer " + PUBLISHER)
                : post(hub, body, "Content-Type", contentType, "Authorization", "Bearer " + PUBLISHER);

        assertThat(detail(response, 415, "unsupported-media-type")).contains("application/x-www-form-urlencoded");
        watch.assertNothingDispatched(nonce);
    }

    @Test
    void dataOfExactlyTheDefaultLimitOfOneMebibyteIsAccepted() {
        String topic = uniqueTopic("one-mib");
        String data = "x".repeat((int) MIB);
        try (SseTestClient client = MercureHttp.subscribe(hub, topic)) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", data);

            ReceivedEvent event = client.next(WAIT);
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.data()).isEqualTo(data);
        }
    }

    @Test
    void topicsOverTheLimitsAreRefusedWith413() {
        String nonce = UUID.randomUUID().toString();
        List<String> tooMany = new ArrayList<>(List.of("data", nonce));
        for (int i = 0; i <= 100; i++) {
            tooMany.addAll(List.of("topic", "/too-many/" + i));
        }
        assertThat(detail(publish(hub, PUBLISHER, tooMany.toArray(String[]::new)), 413, "update-too-large"))
                .contains("at most 100 topics").contains("hub.max-topics");
        assertThat(detail(publish(hub, PUBLISHER, "topic", "/" + "x".repeat(2048), "data", nonce), 413,
                "update-too-large")).contains("at most 2048 characters");
        watch.assertNothingDispatched(nonce);
    }

    @Test
    void dataJustOverTheDefaultLimitOfOneMebibyteIsRefusedWith413() {
        String nonce = UUID.randomUUID().toString();
        String data = nonce + "x".repeat((int) MIB + 1 - nonce.length());

        HttpResponse<String> response = publish(hub, PUBLISHER, "topic", uniqueTopic("too-large"), "data", data);

        assertThat(detail(response, 413, "update-too-large")).contains(String.valueOf(MIB + 1))
                .contains("at most " + MIB + " bytes").contains("hub.max-update-size");
        watch.assertNothingDispatched(nonce);
    }

    /**
     * With no origin configured, publishing with the cookie is refused whatever Origin and Host say:
     * the hub's own origin is not taken from the request (before: Origin and Host both
     * evil.example.com was accepted). CorsTest covers a configured origin.
     */
    @Test
    void publishingWithTheCookieIsRefusedUntilOriginsAreConfigured() {
        String topic = uniqueTopic("cookie");
        String nonce = UUID.randomUUID().toString();
        byte[] body = form("topic", topic, "data", nonce).getBytes(StandardCharsets.UTF_8);
        String cookie = "mercureAuthorization=" + PUBLISHER;
        String self = hub.getScheme() + "://" + hub.getAuthority();

        HttpResponse<String> noOrigin = post(hub, body, "Content-Type", FORM, "Cookie", cookie);
        HttpResponse<String> sameOrigin = post(hub, body, "Content-Type", FORM, "Cookie", cookie, "Origin", self);
        HttpResponse<String> sameReferer = post(hub, body, "Content-Type", FORM, "Cookie", cookie,
                "Referer", self + "/sse/index");
        MercureHttp.RawResponse forgedHost = MercureHttp.raw(hub, "POST", hub.getRawPath(), body, "Host",
                "evil.example.com", "Origin", "http://evil.example.com", "Content-Type", FORM, "Cookie", cookie);

        for (HttpResponse<String> response : List.of(noOrigin, sameOrigin, sameReferer)) {
            assertThat(detail(response, 403, "forbidden")).contains("hub.publish-origins");
        }
        assertThat(forgedHost.detail(403, "forbidden")).contains("hub.publish-origins");
        watch.assertNothingDispatched(nonce);
    }

    @Test
    void aPublishRefusedForOneTopicLeavesEarlierAcceptedUpdatesDelivered() {
        String topic = uniqueTopic("accepted-then-refused");
        try (SseTestClient client = MercureHttp.subscribe(hub, topic)) {
            String accepted = publishOk(hub, PUBLISHER, "topic", topic, "data", "accepted");
            problem(publish(hub, PUBLISHER, "topic", topic, "data", "refused", "retry", "never"), 400, "invalid-update");
            String next = publishOk(hub, PUBLISHER, "topic", topic, "data", "next");

            assertThat(client.next(WAIT).id()).isEqualTo(accepted);
            assertThat(client.next(WAIT).id()).isEqualTo(next);
        }
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
