package dev.ssehub.auth;

import static dev.ssehub.auth.AccessTokens.detail;
import static dev.ssehub.auth.AccessTokens.detailWithPayload;
import static dev.ssehub.auth.AccessTokens.match;
import static dev.ssehub.auth.AccessTokens.token;
import static dev.ssehub.auth.AccessTokens.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ssehub.hub.topic.Matcher;

/**
 * What a verified access token grants: publishing, receiving private updates, and the payload of a
 * subscription, per matcher type; plain JUnit, the rules read claims and need no container.
 */
class AccessTokenGrantsTest {

    private static final List<String> PUBLISH = List.of("publish");
    private static final List<String> SUBSCRIBE = List.of("subscribe");
    private final HubTokens hub = AccessTokens.hub();

    private Claims granting(Object... details) {
        return verified(hub.verifySubscriber(token().details(details).hs256()));
    }

    @Test
    void publishingNeedsEveryTopicCovered() {
        Claims claims = granting(detail(PUBLISH, match("https://example.com/books/1"),
                match("https://example.com/authors/:id", "urlpattern")));
        assertThat(hub.canPublish(claims, List.of("https://example.com/books/1"))).isTrue();
        assertThat(hub.canPublish(claims, List.of("https://example.com/books/1", "https://example.com/authors/7"))).isTrue();
        assertThat(hub.canPublish(claims, List.of("https://example.com/books/1", "https://example.com/books/2")))
                .as("one topic not covered").isFalse();
        assertThat(hub.canPublish(claims, List.of("https://example.com/books/2"))).isFalse();
    }

    @Test
    void publishGrantsOfSeveralEntriesAddUp() {
        Claims claims = granting(detail(PUBLISH, match("https://example.com/a")), detail(PUBLISH, match("https://example.com/b")));
        assertThat(hub.canPublish(claims, List.of("https://example.com/a", "https://example.com/b"))).isTrue();
    }

    @Test
    void subscribingAndPublishingAreSeparateRights() {
        Claims subscriber = granting(detail(SUBSCRIBE, match("*")));
        assertThat(hub.canPublish(subscriber, List.of("https://example.com/a"))).isFalse();
        Claims publisher = granting(detail(PUBLISH, match("*")));
        assertThat(hub.canSubscribe(publisher, "https://example.com/a")).isFalse();
    }

    @Test
    void subscribingIsGrantedPerTopic() {
        Claims claims = granting(detail(SUBSCRIBE, match("https://example.com/books/1"), match("https://example.com/books/7")));
        assertThat(hub.canSubscribe(claims, "https://example.com/books/1")).isTrue();
        assertThat(hub.canSubscribe(claims, "https://example.com/books/7")).isTrue();
        assertThat(hub.canSubscribe(claims, "https://example.com/books/2")).isFalse();
    }

    @Test
    void theWildcardMatchesEveryTopicWhateverTheMatchType() {
        for (Map<String, Object> wildcard : List.of(match("*"), match("*", "exact"), match("*", "urlpattern"),
                match("*", "uritemplate"))) {
            Claims claims = granting(detail(List.of("publish", "subscribe"), wildcard));
            for (String topic : List.of("https://example.com/a", "urn:isbn:123", "/relative", "not a url at all")) {
                assertThat(hub.canPublish(claims, List.of(topic))).as(wildcard + " publish " + topic).isTrue();
                assertThat(hub.canSubscribe(claims, topic)).as(wildcard + " subscribe " + topic).isTrue();
            }
        }
    }

    @Test
    void exactIsByteForByteWithoutNormalization() {
        String nfc = Normalizer.normalize("https://example.com/caf\u00e9", Normalizer.Form.NFC);
        Claims claims = granting(detail(SUBSCRIBE, match(nfc), match("/books/1", "exact"),
                match("https://example.com/a%2Fb")));
        assertThat(hub.canSubscribe(claims, nfc)).isTrue();
        assertThat(hub.canSubscribe(claims, Normalizer.normalize(nfc, Normalizer.Form.NFD))).isFalse();
        assertThat(hub.canSubscribe(claims, "https://example.com/caf%C3%A9")).isFalse();
        assertThat(hub.canSubscribe(claims, "https://EXAMPLE.com/caf\u00e9")).isFalse();
        assertThat(hub.canSubscribe(claims, "/books/1")).isTrue();
        assertThat(hub.canSubscribe(claims, "https://hub.example.com/books/1")).as("no resolution against the hub").isFalse();
        assertThat(hub.canSubscribe(claims, "https://example.com/a/b")).isFalse();
        assertThat(hub.canSubscribe(claims, "https://example.com/a%2fb")).isFalse();
    }

    @Test
    void aUrlPatternMatchesWhatItSaysAndNoMore() {
        Claims claims = granting(detail(SUBSCRIBE, match("https://example.com/books/:id", "urlpattern")));
        assertThat(hub.canSubscribe(claims, "https://example.com/books/1")).isTrue();
        assertThat(hub.canSubscribe(claims, "https://example.com/books/1/x")).isFalse();
        assertThat(hub.canSubscribe(claims, "https://example.com/books/")).isFalse();
        assertThat(hub.canSubscribe(claims, "https://example.com/Books/1")).as("paths are case-sensitive").isFalse();
        assertThat(hub.canSubscribe(claims, "https://EXAMPLE.com/books/1")).as("hosts are not").isTrue();
        assertThat(hub.canSubscribe(claims, "https://example.org/books/1")).isFalse();
        assertThat(hub.canSubscribe(claims, "http://example.com/books/1")).isFalse();
        assertThat(hub.canSubscribe(claims, "/books/1")).as("resolved against the hub's host").isFalse();
    }

    @Test
    void aRelativeUrlPatternIsResolvedAgainstTheResource() {
        Claims claims = granting(detail(SUBSCRIBE,
                match("/.well-known/mercure/subscriptions/exact/:topic/:subscriber", "urlpattern")));
        assertThat(hub.canSubscribe(claims, "/.well-known/mercure/subscriptions/exact/x/y")).isTrue();
        assertThat(hub.canSubscribe(claims, "https://hub.example.com/.well-known/mercure/subscriptions/exact/x/y")).isTrue();
        assertThat(hub.canSubscribe(claims, "https://other.example.com/.well-known/mercure/subscriptions/exact/x/y"))
                .isFalse();
        assertThat(hub.canSubscribe(claims, "/.well-known/mercure/subscriptions/exact/x")).isFalse();
    }

    @Test
    void aTopicThatIsNotAUrlDoesNotMatchAUrlPattern() {
        Claims claims = granting(detail(SUBSCRIBE, match("https://example.com/*", "urlpattern")));
        assertThat(hub.canSubscribe(claims, "https://example.com/a")).isTrue();
        assertThat(hub.canSubscribe(claims, "http://[::1")).isFalse();
        assertThat(hub.canSubscribe(claims, "")).isFalse();
    }

    @Test
    void theFirstMatchingSubscribeEntryGivesThePayload() {
        Claims claims = granting(
                detailWithPayload(SUBSCRIBE, Map.of("custom1", "foo"), match("https://example.com/foo")),
                detailWithPayload(SUBSCRIBE, Map.of("custom2", "bar"), match("https://example.com/bar/:id", "urlpattern")),
                detailWithPayload(SUBSCRIBE, Map.of("custom3", "default"), match("*")));
        assertThat(hub.payloadFor(claims, Matcher.exact("https://example.com/foo"))).isEqualTo(Map.of("custom1", "foo"));
        assertThat(hub.payloadFor(claims, new Matcher(Matcher.Type.URL_PATTERN, "https://example.com/bar/:id")))
                .isEqualTo(Map.of("custom2", "bar"));
        assertThat(hub.payloadFor(claims, Matcher.exact("https://example.com/bar/1"))).isEqualTo(Map.of("custom2", "bar"));
        assertThat(hub.payloadFor(claims, Matcher.exact("https://example.com/other"))).isEqualTo(Map.of("custom3", "default"));
    }

    @Test
    void aBroadEntryFirstMasksTheSpecificOnes() {
        Claims claims = granting(
                detailWithPayload(SUBSCRIBE, Map.of("custom3", "default"), match("*")),
                detailWithPayload(SUBSCRIBE, Map.of("custom1", "foo"), match("https://example.com/foo")));
        assertThat(hub.payloadFor(claims, Matcher.exact("https://example.com/foo"))).isEqualTo(Map.of("custom3", "default"));
    }

    @Test
    void withoutAMatchingSubscribeEntryThereIsNoPayload() {
        Claims claims = granting(
                detailWithPayload(SUBSCRIBE, Map.of("custom1", "foo"), match("https://example.com/foo")),
                detailWithPayload(PUBLISH, Map.of("publisher", "only"), match("*")));
        assertThat(hub.payloadFor(claims, Matcher.exact("https://example.com/other"))).isNull();
        assertThat(hub.payloadFor(granting(detail(SUBSCRIBE, match("*"))), Matcher.exact("https://example.com/foo")))
                .isNull();
    }

    @Test
    void aPayloadKeepsItsJsonStructure() {
        Claims claims = granting(detailWithPayload(SUBSCRIBE, Map.of("tenant", "acme", "roles", List.of("a", "b"),
                "nested", Map.of("n", 1)), match("*")));
        assertThat(hub.payloadFor(claims, Matcher.exact("https://example.com/x")))
                .isEqualTo(Map.of("tenant", "acme", "roles", List.of("a", "b"), "nested", Map.of("n", 1L)));
    }
}
