package dev.ssehub.protocol;

import static dev.ssehub.protocol.Draft08Http.ACCESS_COOKIE;
import static dev.ssehub.protocol.Draft08Http.PUBLISHER;
import static dev.ssehub.protocol.Draft08Http.assertChallenge;
import static dev.ssehub.protocol.Draft08Http.open;
import static dev.ssehub.protocol.Draft08Http.openWithToken;
import static dev.ssehub.protocol.Draft08Http.uri;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.eventsUntil;
import static dev.ssehub.protocol.MercureHttp.get;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static dev.ssehub.support.AccessTokens.exact;
import static dev.ssehub.support.AccessTokens.subscribe;
import static dev.ssehub.support.AccessTokens.urlPattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Subscribing the draft-08 way over HTTP: the {@code match*} parameters and their reserved
 * namespace, which draft a request follows, and the access tokens that open private updates.
 */
@QuarkusTest
class Draft08SubscribeTest {

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void matchSelectsTheTopicByteForByte() {
        String topic = uniqueTopic("exact");
        try (SseTestClient client = open(hub, "match", topic)) {
            publishOk(hub, PUBLISHER, "topic", topic + "/child", "data", "child");
            publishOk(hub, PUBLISHER, "topic", topic.replace("https://example.com", "https://EXAMPLE.com"), "data", "case");
            publishOk(hub, PUBLISHER, "topic", topic + "/", "data", "slash");
            publishOk(hub, PUBLISHER, "topic", topic, "data", "wanted");

            assertThat(eventsUntil(client, "wanted")).isEmpty();
        }
    }

    @Test
    void matchExactIsTheExplicitSpellingOfMatch() {
        String topic = uniqueTopic("match-exact");
        try (SseTestClient client = open(hub, "match_exact", topic)) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "hello");

            ReceivedEvent event = client.next(WAIT);
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.data()).isEqualTo("hello");
        }
    }

    @Test
    void matchUrlPatternSelectsTheTopicsThePatternMatches() {
        String books = uniqueTopic("books");
        try (SseTestClient client = open(hub, "match_urlpattern", books + "/:id")) {
            publishOk(hub, PUBLISHER, "topic", books + "/1", "data", "one");
            publishOk(hub, PUBLISHER, "topic", books + "/1/reviews", "data", "deeper");
            publishOk(hub, PUBLISHER, "topic", books, "data", "the collection");
            publishOk(hub, PUBLISHER, "topic", books + "/2", "data", "two");

            assertThat(eventsUntil(client, "two")).extracting(ReceivedEvent::data).containsExactly("one");
        }
    }

    @Test
    void aRelativeUrlPatternAndRelativeTopicsAreResolvedAgainstTheHubUrl() {
        String path = "/relative-" + UUID.randomUUID();
        try (SseTestClient client = open(hub, "match_urlpattern", path + "/:id")) {
            publishOk(hub, PUBLISHER, "topic", "http://127.0.0.1" + path + "/1", "data", "absolute");
            publishOk(hub, PUBLISHER, "topic", "https://elsewhere.example" + path + "/2", "data", "another host");
            publishOk(hub, PUBLISHER, "topic", path + "/3", "data", "relative");

            assertThat(eventsUntil(client, "relative")).extracting(ReceivedEvent::data).containsExactly("absolute");
        }
    }

    @Test
    void matchUriTemplateKeepsDraft07TemplatesWorking() {
        String base = uniqueTopic("template");
        try (SseTestClient client = open(hub, "match_uritemplate", base + "/{id}")) {
            publishOk(hub, PUBLISHER, "topic", base + "/1/2", "data", "too deep");
            publishOk(hub, PUBLISHER, "topic", base + "/7", "data", "seven");

            assertThat(eventsUntil(client, "seven")).isEmpty();
        }
    }

    @Test
    void theWildcardMatchesEveryTopicWhateverTheMatcherType() {
        String topic = uniqueTopic("anything");
        try (SseTestClient exact = open(hub, "match", "*"); SseTestClient pattern = open(hub, "match_urlpattern", "*")) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "for everyone");

            assertThat(exact.awaitEvent(event -> event.id().equals(id), WAIT).data()).isEqualTo("for everyone");
            assertThat(pattern.awaitEvent(event -> event.id().equals(id), WAIT).data()).isEqualTo("for everyone");
        }
    }

    @Test
    void severalMatchersAddUpAndAnUpdateMatchedTwiceArrivesOnce() {
        String base = uniqueTopic("several");
        try (SseTestClient client = open(hub, "match", base + "/a", "match_urlpattern", base + "/:id",
                "match", base + "/other")) {
            publishOk(hub, PUBLISHER, "topic", base + "/a", "data", "a");
            publishOk(hub, PUBLISHER, "topic", base + "/other", "data", "other");
            publishOk(hub, PUBLISHER, "topic", base + "/b", "data", "b");

            assertThat(eventsUntil(client, "b")).extracting(ReceivedEvent::data).containsExactly("a", "other");
        }
    }

    @ParameterizedTest
    @MethodSource("mixedParameters")
    void aRequestMixingDraft07AndDraft08ParametersIsRefused(List<String> parameters) {
        HttpResponse<String> response = get(uri(hub, parameters.toArray(String[]::new)));

        assertThat(detail(response, 400, "invalid-subscription")).contains("mixes");
    }

    static Stream<List<String>> mixedParameters() {
        String topic = "https://example.com/mixed";
        return Stream.of(
                List.of("topic", topic, "match", topic),
                List.of("match", topic, "lastEventID", "earliest"),
                List.of("topic", topic, "last_event_id", "earliest"),
                List.of("match_urlpattern", topic + "/:id", "topic", topic),
                List.of("match", topic, "authorization", TestTokens.subscriber("*")),
                List.of("match", topic, "authorization", AccessTokens.subscribeAnything()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"matchfoo", "match_regex", "Match", "MATCH", "match_URLPATTERN", "Match_exact", "matcher",
        "match_", "match-exact", "match_exact_", "MaTcH_uritemplate"})
    void everyOtherNameInTheReservedMatchNamespaceIsRefused(String name) {
        String topic = uniqueTopic("reserved");

        assertThat(detail(get(uri(hub, name, topic)), 400, "invalid-subscription")).contains("reserved");
        assertThat(detail(get(uri(hub, "match", topic, name, topic)), 400, "invalid-subscription")).contains("reserved");
    }

    @Test
    void namesThatOnlyContainMatchAreNotReserved() {
        String topic = uniqueTopic("not-reserved");
        try (SseTestClient client = open(hub, "match", topic, "rematch", "1", "x_match", "2")) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "fine");

            assertThat(client.next(WAIT).id()).isEqualTo(id);
        }
    }

    @ParameterizedTest
    @MethodSource("invalidMatchers")
    void aMatcherThatIsNotValidForItsTypeIsRefused(String name, String value) {
        detail(get(uri(hub, name, value)), 400, "invalid-subscription");
    }

    static Stream<Arguments> invalidMatchers() {
        return Stream.of(
                Arguments.of("match", ""),
                Arguments.of("match", "https://example.com/a\u0001b"),
                Arguments.of("match", "https://example.com/a\u0085b"),
                Arguments.of("match", "https://example.com/a\u007Fb"),
                Arguments.of("match", "https://example.com/a\u200Bb"),
                Arguments.of("match_urlpattern", "https://example.com/\u202Eb/:id"),
                Arguments.of("match_urlpattern", "https://example.com/books/(unclosed"),
                Arguments.of("match_uritemplate", "https://example.com/books/{unclosed"),
                Arguments.of("match", "https://example.com/" + "x".repeat(2100)));
    }

    @Test
    void tooManyMatchersAreRefused() {
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            parameters.add("match");
            parameters.add("https://example.com/many/" + i);
        }

        detail(get(uri(hub, parameters.toArray(String[]::new))), 400, "invalid-subscription");
    }

    @Test
    void privateUpdatesReachOnlySubscribersWhoseAccessTokenGrantsOneOfTheirTopics() {
        String topic = uniqueTopic("private");
        String granted = AccessTokens.subscriber(subscribe(exact(topic)));
        String otherTopic = AccessTokens.subscriber(subscribe(exact(topic + "/other")));
        String publishOnly = AccessTokens.subscriber(AccessTokens.publish(exact("*")));
        try (SseTestClient anonymous = open(hub, "match", topic);
                SseTestClient authorized = openWithToken(hub, granted, "match", topic);
                SseTestClient narrow = openWithToken(hub, otherTopic, "match", topic);
                SseTestClient wrongAction = openWithToken(hub, publishOnly, "match", topic)) {
            String secret = publishOk(hub, PUBLISHER, "topic", topic, "data", "secret", "private", "on");
            publishOk(hub, PUBLISHER, "topic", topic, "data", "public");

            assertThat(authorized.next(WAIT).id()).isEqualTo(secret);
            assertThat(eventsUntil(anonymous, "public")).isEmpty();
            assertThat(eventsUntil(narrow, "public")).isEmpty();
            assertThat(eventsUntil(wrongAction, "public")).isEmpty();
        }
    }

    @Test
    void aSubscribeGrantOnAnAlternateTopicOpensThePrivateUpdate() {
        String base = uniqueTopic("alternate");
        String token = AccessTokens.subscriber(subscribe(urlPattern(base + "/users/42/*")));
        try (SseTestClient client = openWithToken(hub, token, "match_urlpattern", base + "/books/:id")) {
            publishOk(hub, PUBLISHER, "topic", base + "/books/2", "data", "not for 42", "private", "");
            String id = publishOk(hub, PUBLISHER, "topic", base + "/books/1", "topic", base + "/users/42/books/1",
                    "data", "for 42", "private", "");

            ReceivedEvent event = client.next(WAIT);
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.data()).isEqualTo("for 42");
        }
    }

    @Test
    void theAccessTokenCookieOpensPrivateUpdatesAsTheHeaderDoes() {
        String topic = uniqueTopic("cookie");
        try (SseTestClient client = MercureHttp.accepted(SseTestClient.open(uri(hub, "match", topic), "Cookie",
                ACCESS_COOKIE + "=" + AccessTokens.subscribeAnything()))) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "secret", "private", "on");

            assertThat(client.next(WAIT).id()).isEqualTo(id);
        }
    }

    @Test
    void theAuthorizationHeaderIsUsedAndACookieBesideItIgnored() {
        String topic = uniqueTopic("header-first");
        try (SseTestClient client = MercureHttp.accepted(SseTestClient.open(uri(hub, "match", topic),
                "Authorization", "Bearer " + AccessTokens.subscribeAnything(), "Cookie", ACCESS_COOKIE + "=not-a-token"))) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "secret", "private", "on");

            assertThat(client.next(WAIT).id()).isEqualTo(id);
        }
    }

    @Test
    void theBearerSchemeIsMatchedCaseInsensitively() {
        String topic = uniqueTopic("bearer-case");
        try (SseTestClient client = MercureHttp.accepted(SseTestClient.open(uri(hub, "match", topic),
                "Authorization", "bEARER " + AccessTokens.subscribeAnything()))) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "secret", "private", "on");

            assertThat(client.next(WAIT).id()).isEqualTo(id);
        }
    }

    @Test
    void aDraft08RequestDoesNotReadTheDraft07Cookie() {
        String topic = uniqueTopic("draft07-cookie");
        try (SseTestClient client = MercureHttp.accepted(SseTestClient.open(uri(hub, "match", topic),
                "Cookie", "mercureAuthorization=" + TestTokens.subscriber("*")))) {
            publishOk(hub, PUBLISHER, "topic", topic, "data", "secret", "private", "on");
            publishOk(hub, PUBLISHER, "topic", topic, "data", "public");

            assertThat(eventsUntil(client, "public")).isEmpty();
        }
    }

    @Test
    void aDraft07TokenOnADraft08RequestIsAnInvalidToken() {
        HttpResponse<String> response = get(uri(hub, "match", uniqueTopic("wrong-kind")),
                "Authorization", "Bearer " + TestTokens.subscriber("*"));

        assertChallenge(response, 401, "invalid_token");
        detail(response, 401, "unauthorized");
    }

    @Test
    void anAccessTokenOnADraft07RequestIsAnInvalidToken() {
        HttpResponse<String> response = get(MercureHttp.subscribeUri(hub, uniqueTopic("wrong-kind")),
                "Authorization", "Bearer " + AccessTokens.subscribeAnything());

        assertChallenge(response, 401, "invalid_token");
    }

    @Test
    void withNoParameterOfEitherDraftTheTokenDecidesWhichDraftIsAnswered() {
        String access = AccessTokens.subscribeAnything();

        assertThat(detail(get(hub, "Authorization", "Bearer " + access), 400, "invalid-subscription"))
                .startsWith("match is required");
        assertThat(detail(get(hub, "Cookie", ACCESS_COOKIE + "=" + access), 400, "invalid-subscription"))
                .startsWith("match is required");
        assertThat(detail(get(hub, "Authorization", "Bearer " + TestTokens.subscriber("*")), 400, "invalid-subscription"))
                .startsWith("topic is required");
        assertThat(detail(get(hub), 400, "invalid-subscription")).startsWith("topic is required");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAccessTokens")
    void anAccessTokenThatFailsValidationIsRefusedAsAnInvalidToken(String why, String token) {
        HttpResponse<String> response = get(uri(hub, "match", uniqueTopic("invalid-token")),
                "Authorization", "Bearer " + token);

        assertChallenge(response, 401, "invalid_token");
        detail(response, 401, "unauthorized");
    }

    static Stream<Arguments> invalidAccessTokens() {
        String key = TestTokens.SUBSCRIBER_KEY;
        String issuer = AccessTokens.ISSUER;
        String resource = AccessTokens.RESOURCE;
        Instant hour = Instant.now().plusSeconds(3600);
        AccessTokens.Detail all = subscribe(exact("*"));
        Map<String, Object> notBefore = new LinkedHashMap<>(AccessTokens.claims(issuer, resource, hour, all));
        notBefore.put("nbf", Instant.now().plusSeconds(600).getEpochSecond());
        Map<String, Object> unknownType = AccessTokens.claims(issuer, resource, hour,
                subscribe(Map.of("match", "https://example.com/x", "match_type", "regex")));
        Map<String, Object> notAnArray = new LinkedHashMap<>(AccessTokens.claims(issuer, resource, hour));
        notAnArray.put("authorization_details", Map.of("type", AccessTokens.DETAIL_TYPE));
        Map<String, Object> badPattern = AccessTokens.claims(issuer, resource, hour,
                subscribe(urlPattern("https://example.com/(unclosed")));
        Map<String, Object> noActions = AccessTokens.claims(issuer, resource, hour,
                new AccessTokens.Detail(List.of(), List.of(exact("*")), null));
        return Stream.of(
                Arguments.of("another audience", AccessTokens.sign(key, "at+jwt",
                        AccessTokens.claims(issuer, "https://other-hub.example/.well-known/mercure", hour, all))),
                Arguments.of("no audience", AccessTokens.sign(key, "at+jwt", AccessTokens.claims(issuer, null, hour, all))),
                Arguments.of("another issuer", AccessTokens.sign(key, "at+jwt",
                        AccessTokens.claims("https://other-issuer.example", resource, hour, all))),
                Arguments.of("no issuer", AccessTokens.sign(key, "at+jwt", AccessTokens.claims(null, resource, hour, all))),
                Arguments.of("no exp", AccessTokens.sign(key, "at+jwt", AccessTokens.claims(issuer, resource, null, all))),
                Arguments.of("expired", AccessTokens.sign(key, "at+jwt",
                        AccessTokens.claims(issuer, resource, Instant.now().minusSeconds(60), all))),
                Arguments.of("nbf in the future", AccessTokens.sign(key, "at+jwt", notBefore)),
                Arguments.of("typ JWT", AccessTokens.sign(key, "JWT", AccessTokens.claims(issuer, resource, hour, all))),
                Arguments.of("no typ", AccessTokens.sign(key, null, AccessTokens.claims(issuer, resource, hour, all))),
                Arguments.of("the publisher key", AccessTokens.sign(TestTokens.PUBLISHER_KEY, "at+jwt",
                        AccessTokens.claims(issuer, resource, hour, all))),
                Arguments.of("an unknown match_type", AccessTokens.sign(key, "at+jwt", unknownType)),
                Arguments.of("authorization_details not an array", AccessTokens.sign(key, "at+jwt", notAnArray)),
                Arguments.of("a malformed URL pattern", AccessTokens.sign(key, "at+jwt", badPattern)),
                Arguments.of("empty actions", AccessTokens.sign(key, "at+jwt", noActions)));
    }

    @Test
    void anAudienceArrayHoldingTheResourceAndTheLongTypSpellingAreAccepted() {
        String topic = uniqueTopic("audience-array");
        Map<String, Object> claims = AccessTokens.claims(AccessTokens.ISSUER,
                List.of("https://other.example", AccessTokens.RESOURCE), Instant.now().plusSeconds(3600),
                subscribe(exact(topic)));
        String token = AccessTokens.sign(TestTokens.SUBSCRIBER_KEY, "application/at+jwt", claims);
        try (SseTestClient client = openWithToken(hub, token, "match", topic)) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "secret", "private", "on");

            assertThat(client.next(WAIT).id()).isEqualTo(id);
        }
    }

    @Test
    void unknownActionsGrantNothingAndDoNotInvalidateTheToken() {
        String topic = uniqueTopic("unknown-action");
        String token = AccessTokens.subscriber(new AccessTokens.Detail(List.of("subscribe", "teleport"),
                List.of(exact(topic)), null), new AccessTokens.Detail(List.of("teleport"), List.of(exact("*")), null));
        try (SseTestClient client = openWithToken(hub, token, "match", topic, "match", topic + "/elsewhere")) {
            publishOk(hub, PUBLISHER, "topic", topic + "/elsewhere", "data", "not granted", "private", "on");
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "granted", "private", "on");

            assertThat(client.next(WAIT).id()).isEqualTo(id);
        }
    }

    @Test
    void theStreamEndsWhenTheAccessTokenExpires() {
        String topic = uniqueTopic("expiring");
        Map<String, Object> claims = AccessTokens.claims(AccessTokens.ISSUER, AccessTokens.RESOURCE,
                Instant.now().plusSeconds(3), subscribe(exact(topic)));
        try (SseTestClient client = openWithToken(hub, AccessTokens.sign(TestTokens.SUBSCRIBER_KEY, "at+jwt", claims),
                "match", topic)) {
            await().atMost(WAIT).until(client::ended);
        }
    }
}
