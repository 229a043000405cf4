package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.accepted;
import static dev.ssehub.protocol.MercureHttp.eventsUntil;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The "Publish update" cases of Mercure's conformance suites ({@code conformance-tests/mercure.spec.ts}
 * of the reference hub), on this one hub in both protocols: the 0.x suite (draft-07: {@code topic}
 * selectors, a token with a {@code mercure} claim) and the 1.0 suite (draft-08: {@code match} and
 * {@code match_urlpattern}, an RFC 9068 access token). An anonymous subscriber opens a stream, a
 * publisher posts an update with an id and a multi-line data; the subscriber must receive it (then
 * the answer is 200 {@code text/plain} with that id) or must not. Where the suite waits two
 * seconds to conclude that nothing came, this test publishes a public marker the subscriber does
 * receive and looks at what came before it.
 */
@QuarkusTest
class DualDraftConformanceTest {

    /** The 0.x suite's publisher: {@code {"mercure": {"publish": ["*"], "subscribe": ["*"]}}}, no expiry. */
    private static final String DRAFT07_TOKEN = TestTokens.hs256(TestTokens.PUBLISHER_KEY,
            Map.of("publish", List.of("*"), "subscribe", List.of("*")), null);
    /** The 1.0 suite's publisher: publish and subscribe on {@code {"match": "*"}}. */
    private static final String DRAFT08_TOKEN = AccessTokens.publisher(new AccessTokens.Detail(
            List.of("publish", "subscribe"), List.of(AccessTokens.exact("*")), null));
    /** The subscriber side of the same grants, for the cases an authorized subscriber must receive. */
    private static final String DRAFT07_SUBSCRIBER = TestTokens.hs256(TestTokens.SUBSCRIBER_KEY,
            Map.of("publish", List.of("*"), "subscribe", List.of("*")), null);
    private static final String DRAFT08_SUBSCRIBER = AccessTokens.subscriber(new AccessTokens.Detail(
            List.of("publish", "subscribe"), List.of(AccessTokens.exact("*")), null));

    private static final List<String> RANDOM = Stream.generate(DualDraftConformanceTest::randomString).limit(6).toList();

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    /** The protocol a case runs in. */
    enum Draft {
        /** Mercure 0.x: {@code topic} selectors, URI Templates. */
        DRAFT07,
        /** Mercure 1.0: {@code match}, {@code match_urlpattern}. */
        DRAFT08
    }

    /**
     * One case of the suite.
     *
     * @param name           the suite's name for it
     * @param updateTopics   the update's topics, canonical first
     * @param selectors      the 0.x subscription's {@code topic} selectors
     * @param matchers       the 1.0 subscription's parameters, name, value, name, value…
     * @param mustBeReceived whether an anonymous subscriber receives the update
     * @param privateUpdate  whether the update is private
     * @param markerTopic    a topic the subscriber matches, for the public marker
     * @param run            tells this run of the case from the others: the hub acknowledges an update
     *                       identical to one it retains (same id, topics and data) without delivering
     *                       it again, so each draft and each test publishes an update of its own
     */
    record Case(String name, List<String> updateTopics, List<String> selectors, List<String> matchers,
            boolean mustBeReceived, boolean privateUpdate, String markerTopic, String run) {

        Case(String name, List<String> updateTopics, List<String> selectors, List<String> matchers,
                boolean mustBeReceived, boolean privateUpdate, String markerTopic) {
            this(name, updateTopics, selectors, matchers, mustBeReceived, privateUpdate, markerTopic,
                    UUID.randomUUID().toString());
        }

        @Override
        public String toString() {
            return name;
        }

        /** The suite's update id, {@code id-} and the topics as a JSON array, then the run. */
        String updateId() {
            return "id-" + updateTopics.stream().map(topic -> "\"" + topic + "\"").collect(Collectors.joining(",", "[", "]"))
                    + "-" + run;
        }

        /** The suite's data: three lines, the second empty. */
        String data() {
            return "data for\n\n        " + name;
        }
    }

    static List<Case> dataset() {
        String uri3 = "https://example.net/foo/" + RANDOM.get(3);
        String uri4 = "https://example.net/foo/" + RANDOM.get(4);
        String template = "https://example.net/foo/{random}";
        String pattern = "https://example.net/foo/:random";
        return List.of(
                new Case("raw string", List.of(RANDOM.get(0)), List.of(RANDOM.get(0)), List.of("match", RANDOM.get(0)),
                        true, false, RANDOM.get(0)),
                new Case("multiple topics", List.of(randomString(), RANDOM.get(1)), List.of(RANDOM.get(1)),
                        List.of("match", RANDOM.get(1)), true, false, RANDOM.get(1)),
                new Case("multiple topic selectors", List.of(RANDOM.get(2)), List.of("foo", RANDOM.get(2)),
                        List.of("match", "foo", "match", RANDOM.get(2)), true, false, RANDOM.get(2)),
                new Case("URI", List.of(uri3), List.of(uri3), List.of("match", uri3), true, false, uri3),
                new Case("URI template", List.of(uri4), List.of(template), List.of("match_urlpattern", pattern), true, false,
                        uri4),
                new Case("nonmatching raw string", List.of("will-not-match}"), List.of("another-name"),
                        List.of("match", "another-name"), false, false, "another-name"),
                new Case("nonmatching URI", List.of("https://example.net/foo/will-not-match}"),
                        List.of("https://example.net/foo/another-name"), List.of("match", "https://example.net/foo/another-name"),
                        false, false, "https://example.net/foo/another-name"),
                new Case("nonmatching URI template", List.of("https://example.net/foo/will-not-match}"),
                        List.of("https://example.net/bar/{var}"), List.of("match_urlpattern", "https://example.net/bar/:var"),
                        false, false, "https://example.net/bar/marker"),
                new Case("private raw string", List.of(RANDOM.get(0)), List.of(RANDOM.get(0)), List.of("match", RANDOM.get(0)),
                        false, true, RANDOM.get(0)),
                new Case("private URI", List.of(uri3), List.of(uri3), List.of("match", uri3), false, true, uri3),
                new Case("private URI template", List.of(uri4), List.of(template), List.of("match_urlpattern", pattern),
                        false, true, uri4));
    }

    static Stream<Arguments> cases() {
        List<Arguments> arguments = new ArrayList<>();
        for (Draft draft : Draft.values()) {
            dataset().forEach(each -> arguments.add(Arguments.of(draft, each)));
        }
        return arguments.stream();
    }

    static Stream<Arguments> privateCases() {
        return cases().filter(arguments -> ((Case) arguments.get()[1]).privateUpdate());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void publishUpdate(Draft draft, Case each) {
        try (SseTestClient subscriber = accepted(SseTestClient.open(subscribeUri(draft, each)))) {
            HttpResponse<String> response = publish(draft, each);

            assertPublished(response, each);
            if (each.mustBeReceived()) {
                ReceivedEvent event = subscriber.awaitEvent(received -> received.id().equals(each.updateId())
                        && received.data().equals(each.data()), WAIT);
                assertThat(event.type()).isEqualTo("message");
            } else {
                String marker = "marker " + UUID.randomUUID();
                publishOk(hub, token(draft), "topic", each.markerTopic(), "data", marker);
                assertThat(eventsUntil(subscriber, marker)).noneMatch(received -> received.data().equals(each.data()));
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}, authorized")
    @MethodSource("privateCases")
    void anAuthorizedSubscriberReceivesThePrivateUpdate(Draft draft, Case each) {
        String token = draft == Draft.DRAFT07 ? DRAFT07_SUBSCRIBER : DRAFT08_SUBSCRIBER;
        try (SseTestClient subscriber = accepted(SseTestClient.open(subscribeUri(draft, each),
                "Authorization", "Bearer " + token))) {
            HttpResponse<String> response = publish(draft, each);

            assertPublished(response, each);
            subscriber.awaitEvent(received -> received.id().equals(each.updateId())
                    && received.data().equals(each.data()), WAIT);
        }
    }

    private URI subscribeUri(Draft draft, Case each) {
        return draft == Draft.DRAFT07 ? MercureHttp.subscribeUri(hub, each.selectors())
                : Draft08Http.uri(hub, each.matchers().toArray(String[]::new));
    }

    private HttpResponse<String> publish(Draft draft, Case each) {
        List<String> fields = new ArrayList<>();
        each.updateTopics().forEach(topic -> {
            fields.add("topic");
            fields.add(topic);
        });
        fields.addAll(List.of("id", each.updateId(), "data", each.data()));
        if (each.privateUpdate()) {
            fields.addAll(List.of("private", "on"));
        }
        return MercureHttp.publish(hub, token(draft), fields.toArray(String[]::new));
    }

    private static void assertPublished(HttpResponse<String> response, Case each) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).matches("^text/plain(?:$|;.*)"));
        assertThat(response.body()).isEqualTo(each.updateId());
    }

    private static String token(Draft draft) {
        return draft == Draft.DRAFT07 ? DRAFT07_TOKEN : DRAFT08_TOKEN;
    }

    private static String randomString() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
