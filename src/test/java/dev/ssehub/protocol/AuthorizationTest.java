package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.FORM;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.eventsUntil;
import static dev.ssehub.protocol.MercureHttp.form;
import static dev.ssehub.protocol.MercureHttp.get;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.subscribe;
import static dev.ssehub.protocol.MercureHttp.subscribeUri;
import static dev.ssehub.protocol.MercureHttp.subscribeWithToken;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Authorization over HTTP with anonymous subscribers allowed: where the token is taken from, who
 * receives private updates, tokens that expire during a stream, and invalid subscriber tokens.
 */
@QuarkusTest
class AuthorizationTest {

    private static final String PUBLISHER = TestTokens.publisher("*");
    private static final String NOT_A_TOKEN = "not-a-token";

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void aSubscriberTakesTheHeaderTokenOverTheQueryAndTheQueryTokenOverTheCookie() {
        String topic = uniqueTopic("precedence");
        String valid = TestTokens.subscriber(topic);
        try (SseTestClient headerOverCookie = open(topic, "Bearer " + valid, null, NOT_A_TOKEN);
                SseTestClient headerOverQuery = open(topic, "Bearer " + valid, NOT_A_TOKEN, null);
                SseTestClient queryOverCookie = open(topic, null, valid, NOT_A_TOKEN)) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "private", "private", "on");

            // Only the valid token lets them see a private update.
            assertThat(headerOverCookie.next(WAIT).id()).isEqualTo(id);
            assertThat(headerOverQuery.next(WAIT).id()).isEqualTo(id);
            assertThat(queryOverCookie.next(WAIT).id()).isEqualTo(id);
        }

        assertThat(detail(refused(topic, "Bearer " + NOT_A_TOKEN, null, valid), 401, "unauthorized"))
                .contains("not a compact JWS");
        assertThat(detail(refused(topic, "Bearer " + NOT_A_TOKEN, valid, null), 401, "unauthorized"))
                .contains("not a compact JWS");
        assertThat(detail(refused(topic, null, NOT_A_TOKEN, valid), 401, "unauthorized"))
                .contains("not a compact JWS");
    }

    @Test
    void aPublisherTakesTheHeaderTokenOverTheQueryAndTheQueryTokenOverTheCookie() {
        String topic = uniqueTopic("publish-precedence");
        String valid = TestTokens.publisher(topic);
        String self = hub.getScheme() + "://" + hub.getAuthority();

        assertThat(publishWith(topic, "Bearer " + valid, null, NOT_A_TOKEN, self).statusCode()).isEqualTo(200);
        assertThat(publishWith(topic, "Bearer " + valid, NOT_A_TOKEN, null, null).statusCode()).isEqualTo(200);
        assertThat(publishWith(topic, null, valid, NOT_A_TOKEN, self).statusCode()).isEqualTo(200);
        detail(publishWith(topic, "Bearer " + NOT_A_TOKEN, null, valid, self), 401, "unauthorized");
        detail(publishWith(topic, "Bearer " + NOT_A_TOKEN, valid, null, null), 401, "unauthorized");
        detail(publishWith(topic, null, NOT_A_TOKEN, valid, self), 401, "unauthorized");
    }

    /**
     * Correctly signed tokens with dates that are not dates of this world, or claims holding line
     * breaks, are invalid tokens: 401 with a challenge of fixed text, never a 500 (before: {@code exp}
     * 1e300) and never a hang (before: a claim's CR/LF reached the {@code WWW-Authenticate} header).
     */
    @ParameterizedTest
    @ValueSource(strings = {"\"exp\":1e300", "\"exp\":-1e300", "\"exp\":1.5e19", "\"iat\":1e300", "\"nbf\":1e300",
        "\"exp\":\"tomorrow\"", "\"exp\":\"a\\r\\nX-Injected: 1\"", "\"nbf\":\"a\\r\\nX-Injected: 1\"",
        "\"exp\":true", "\"exp\":{}"})
    void oddDatesAndClaimsAreInvalidTokensAnsweredWithAFixedChallenge(String claim) {
        String topic = uniqueTopic("odd-token");
        String publisher = TestTokens.hs256Json(TestTokens.PUBLISHER_KEY,
                "{\"mercure\":{\"publish\":[\"*\"]}," + claim + "}");
        String subscriber = TestTokens.hs256Json(TestTokens.SUBSCRIBER_KEY,
                "{\"mercure\":{\"subscribe\":[\"*\"]}," + claim + "}");

        HttpResponse<String> published = MercureHttp.post(hub, form("topic", topic, "data", "x")
                .getBytes(StandardCharsets.UTF_8), "Content-Type", FORM, "Authorization", "Bearer " + publisher);
        HttpResponse<String> subscribed = get(subscribeUri(hub, topic), "Authorization", "Bearer " + subscriber);

        for (HttpResponse<String> response : List.of(published, subscribed)) {
            assertThat(detail(response, 401, "unauthorized")).as(claim).doesNotContain("X-Injected");
            assertThat(response.headers().allValues("WWW-Authenticate")).as(claim)
                    .containsExactly("Bearer realm=\"mercure\", error=\"invalid_token\", resource_metadata=\""
                            + "http://127.0.0.1/.well-known/oauth-protected-resource/.well-known/mercure\"");
            assertThat(response.headers().map()).as(claim).doesNotContainKey("X-Injected");
        }
    }

    @Test
    void aPrivateUpdateReachesOnlySubscribersAuthorizedForOneOfItsTopics() {
        String topic = uniqueTopic("private");
        String alternate = uniqueTopic("private-alternate");
        String nonce = UUID.randomUUID().toString();
        String withoutSubscribeClaim = TestTokens.hs256(TestTokens.SUBSCRIBER_KEY, Map.of("payload", Map.of("a", 1)),
                Instant.now().plusSeconds(3600));
        try (SseTestClient forTopic = subscribeWithToken(hub, TestTokens.subscriber(topic), topic);
                SseTestClient forAlternate = subscribeWithToken(hub, TestTokens.subscriber(alternate), topic);
                SseTestClient forEverything = subscribeWithToken(hub, TestTokens.subscriber("*"), topic);
                SseTestClient forOther = subscribeWithToken(hub, TestTokens.subscriber(uniqueTopic("other")), topic);
                SseTestClient anonymous = subscribe(hub, topic);
                SseTestClient anonymousForAll = subscribe(hub, "*");
                SseTestClient noClaim = subscribeWithToken(hub, withoutSubscribeClaim, topic)) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "topic", alternate, "data", nonce, "private", "");
            publishOk(hub, PUBLISHER, "topic", topic, "data", "public marker");

            for (SseTestClient authorized : List.of(forTopic, forAlternate, forEverything)) {
                ReceivedEvent event = authorized.next(WAIT);
                assertThat(event.id()).isEqualTo(id);
                assertThat(event.data()).isEqualTo(nonce);
            }
            for (SseTestClient unauthorized : List.of(forOther, anonymous, noClaim)) {
                assertThat(unauthorized.next(WAIT).data()).isEqualTo("public marker");
            }
            assertThat(eventsUntil(anonymousForAll, "public marker")).noneMatch(event -> event.data().equals(nonce));
        }
    }

    @Test
    void aUriTemplateInTheSubscribeClaimAuthorizesTheTopicsItMatches() {
        String base = uniqueTopic("private-template");
        try (SseTestClient books = subscribeWithToken(hub, TestTokens.subscriber(base + "/books/{id}"), "*")) {
            publishOk(hub, PUBLISHER, "topic", base + "/authors/1", "data", "author", "private", "on");
            String id = publishOk(hub, PUBLISHER, "topic", base + "/books/1", "data", "book", "private", "on");

            ReceivedEvent event = books.awaitEvent(e -> e.data().equals("book") || e.data().equals("author"), WAIT);
            assertThat(event.id()).isEqualTo(id);
        }
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() {
        String topic = uniqueTopic("expiring");
        Instant expiresAt = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 5);
        String token = TestTokens.hs256(TestTokens.SUBSCRIBER_KEY, Map.of("subscribe", List.of(topic)), expiresAt);
        try (SseTestClient client = subscribeWithToken(hub, token, topic)) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "before expiry", "private", "on");
            assertThat(client.next(WAIT).id()).isEqualTo(id);

            await().atMost(WAIT).until(client::ended);
            assertThat(Instant.now()).as("the stream must not end before the token expires").isAfterOrEqualTo(expiresAt);
        }
    }

    @Test
    void anInvalidSubscriberTokenIsRefusedWith401EvenThoughAnonymousSubscribersAreAllowed() {
        String topic = uniqueTopic("invalid-subscriber");
        Map<String, Object> subscribeAll = Map.of("subscribe", List.of("*"));
        List<String> invalid = List.of(
                "Bearer " + NOT_A_TOKEN,
                "Bearer " + TestTokens.hs256(TestTokens.SUBSCRIBER_KEY, subscribeAll, Instant.now().minusSeconds(60)),
                "Bearer " + TestTokens.hs256(TestTokens.PUBLISHER_KEY, subscribeAll, Instant.now().plusSeconds(3600)),
                "Basic dXNlcjpwYXNzd29yZA==");
        for (String authorization : invalid) {
            HttpResponse<String> response = get(subscribeUri(hub, topic), "Authorization", authorization);

            detail(response, 401, "unauthorized");
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(authorization)
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer realm=\"mercure\""));
        }
        detail(get(subscribeUri(hub, topic), "Cookie", "mercureAuthorization=" + NOT_A_TOKEN), 401, "unauthorized");
    }

    private SseTestClient open(String topic, String header, String query, String cookie) {
        return MercureHttp.accepted(SseTestClient.open(uri(topic, query), headers(header, cookie)));
    }

    private HttpResponse<String> refused(String topic, String header, String query, String cookie) {
        return get(uri(topic, query), headers(header, cookie));
    }

    private HttpResponse<String> publishWith(String topic, String header, String query, String cookie, String origin) {
        URI uri = query == null ? hub : URI.create(hub + "?authorization=" + MercureHttp.encode(query));
        List<String> headers = new ArrayList<>(List.of("Content-Type", FORM));
        headers.addAll(List.of(headers(header, cookie)));
        if (origin != null) {
            headers.addAll(List.of("Origin", origin));
        }
        return MercureHttp.post(uri, form("topic", topic, "data", "x").getBytes(StandardCharsets.UTF_8),
                headers.toArray(String[]::new));
    }

    private URI uri(String topic, String query) {
        return query == null ? subscribeUri(hub, topic) : subscribeUri(hub, List.of(topic), "authorization", query);
    }

    private static String[] headers(String header, String cookie) {
        List<String> headers = new ArrayList<>();
        if (header != null) {
            headers.addAll(List.of("Authorization", header));
        }
        if (cookie != null) {
            headers.addAll(List.of("Cookie", "mercureAuthorization=" + cookie));
        }
        return headers.toArray(String[]::new);
    }
}
