package dev.ssehub.auth;

import static dev.ssehub.auth.AccessTokens.DETAIL_TYPE;
import static dev.ssehub.auth.AccessTokens.assertRefused;
import static dev.ssehub.auth.AccessTokens.detail;
import static dev.ssehub.auth.AccessTokens.match;
import static dev.ssehub.auth.AccessTokens.token;
import static dev.ssehub.auth.AccessTokens.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ssehub.hub.topic.Matcher;

/**
 * The {@code authorization_details} claim of access tokens: its shape, its limits, and that one bad
 * Mercure entry refuses the whole token; plain JUnit, through {@link HubTokens} with a static key.
 */
class AuthorizationDetailsTest {

    private static final List<String> SUBSCRIBE = List.of("subscribe");
    private final HubTokens hub = AccessTokens.hub();

    private String refused(Object claim, String... why) {
        String token = token().claim("authorization_details", claim).hs256();
        return assertRefused(hub.verifySubscriber(token), token, why);
    }

    private static Map<String, Object> without(Map<String, Object> detail, String member) {
        Map<String, Object> copy = new LinkedHashMap<>(detail);
        copy.remove(member);
        return copy;
    }

    private static Map<String, Object> with(Map<String, Object> detail, String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(detail);
        copy.put(member, value);
        return copy;
    }

    @Test
    void aClaimThatIsNotAnArrayIsRefused() {
        refused(detail(SUBSCRIBE, match("*")), "authorization_details must be a JSON array");
        refused("subscribe", "authorization_details must be a JSON array");
    }

    @Test
    void anEntryThatIsNotAnObjectIsRefused() {
        refused(List.of(detail(SUBSCRIBE, match("*")), "subscribe"), "authorization_details[1] must be a JSON object");
        refused(List.of(List.of(DETAIL_TYPE)), "authorization_details[0] must be a JSON object");
    }

    @Test
    void aMercureEntryNeedsANonEmptyArrayOfStringActions() {
        Map<String, Object> good = detail(SUBSCRIBE, match("*"));
        refused(List.of(without(good, "actions")), "authorization_details[0].actions");
        refused(List.of(with(good, "actions", List.of())), "authorization_details[0].actions");
        refused(List.of(with(good, "actions", "subscribe")), "authorization_details[0].actions");
        refused(List.of(with(good, "actions", List.of("subscribe", 7))), "authorization_details[0].actions");
        Map<String, Object> nullAction = new HashMap<>(good);
        nullAction.put("actions", Collections.singletonList(null));
        refused(List.of(nullAction), "authorization_details[0].actions");
    }

    @Test
    void unknownActionsGrantNothingAndLeaveTheTokenValid() {
        Claims claims = verified(hub.verifySubscriber(token()
                .details(detail(List.of("read", "Publish", "SUBSCRIBE"), match("*")))
                .hs256()));
        assertThat(claims.publish()).isNull();
        assertThat(claims.subscribe()).isNull();
        assertThat(hub.canPublish(claims, List.of("https://example.com/a"))).isFalse();
        assertThat(hub.canSubscribe(claims, "https://example.com/a")).isFalse();

        Claims mixed = verified(hub.verifySubscriber(token()
                .details(detail(List.of("read", "subscribe"), match("https://example.com/a")))
                .hs256()));
        assertThat(mixed.subscribe()).containsExactly(Matcher.exact("https://example.com/a"));
        assertThat(mixed.publish()).isNull();
    }

    @Test
    void aMercureEntryNeedsANonEmptyArrayOfTopicObjects() {
        Map<String, Object> good = detail(SUBSCRIBE, match("*"));
        refused(List.of(without(good, "topics")), "authorization_details[0].topics");
        refused(List.of(with(good, "topics", List.of())), "authorization_details[0].topics");
        refused(List.of(with(good, "topics", match("*"))), "authorization_details[0].topics");
        refused(List.of(with(good, "topics", List.of("*"))), "authorization_details[0].topics[0]");
        refused(List.of(with(good, "topics", List.of(match("*"), List.of("*")))), "authorization_details[0].topics[1]");
    }

    @Test
    void aMatcherNeedsANonEmptyStringMatch() {
        refused(List.of(detail(SUBSCRIBE, Map.of("match_type", "exact"))), "topics[0].match");
        refused(List.of(detail(SUBSCRIBE, match(""))), "topics[0].match");
        refused(List.of(detail(SUBSCRIBE, Map.of("match", 42))), "topics[0].match");
        refused(List.of(detail(SUBSCRIBE, Map.of("match", List.of("*")))), "topics[0].match");
    }

    @Test
    void aMatchTypeTheHubDoesNotSupportIsRefused() {
        for (Object type : List.of("regex", "URLPattern", "Exact", "", 1)) {
            refused(List.of(detail(SUBSCRIBE, Map.of("match", "https://example.com/a", "match_type", type))),
                    "topics[0].match_type");
        }
        // Even for the wildcard: the grant cannot be evaluated, so it must not be skipped either way.
        refused(List.of(detail(SUBSCRIBE, match("*", "regex"))), "topics[0].match_type");
    }

    @Test
    void aMalformedUrlPatternIsRefused() {
        for (String pattern : List.of("https://example.com/books/(", "https://example.com/{", "https://example.com/:",
                "/relative/:id/:id", "https://example.com/((a)\\2)", "https://example.com/(a(?=b)b)")) {
            refused(List.of(detail(SUBSCRIBE, match(pattern, "urlpattern"))), "topics[0].match is not a valid urlpattern");
        }
    }

    @Test
    void aMatchHoldingAControlCharacterIsRefused() {
        refused(List.of(detail(SUBSCRIBE, match("https://example.com/a\nb"))), "control character");
    }

    @Test
    void aPayloadThatIsNotAnObjectIsRefused() {
        refused(List.of(with(detail(SUBSCRIBE, match("*")), "payload", "text")), "payload must be a JSON object");
    }

    @Test
    void sixtyFourMercureEntriesAreReadButSixtyFiveAreRefused() {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            entries.add(detail(SUBSCRIBE, match("https://example.com/" + i)));
        }
        // Entries of other types do not count.
        entries.add(Map.of("type", "https://api.example.com/other", "actions", List.of("read")));
        Claims claims = verified(hub.verifySubscriber(token().claim("authorization_details", entries).hs256()));
        assertThat(claims.subscribe()).hasSize(64);

        entries.add(detail(SUBSCRIBE, match("https://example.com/64")));
        refused(entries, "more than 64");
    }

    @Test
    void twoHundredFiftySixMatchersAreReadButTwoHundredFiftySevenAreRefused() {
        List<Object> topics = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            topics.add(match("https://example.com/" + i));
        }
        Claims claims = verified(hub.verifySubscriber(token().details(detail(SUBSCRIBE, topics.toArray())).hs256()));
        assertThat(claims.subscribe()).hasSize(256);

        topics.add(match("https://example.com/256"));
        refused(List.of(detail(SUBSCRIBE, topics.toArray())), "257", "256");
    }

    @Test
    void aMatchOf2048CharactersIsReadButOneOf2049IsRefused() {
        String base = "https://example.com/";
        String longest = base + "a".repeat(2048 - base.length());
        Claims claims = verified(hub.verifySubscriber(token().details(detail(SUBSCRIBE, match(longest))).hs256()));
        assertThat(claims.subscribe()).containsExactly(Matcher.exact(longest));

        refused(List.of(detail(SUBSCRIBE, match(longest + "a"))), "2049", "2048");
        refused(List.of(detail(SUBSCRIBE, match(longest + "a", "urlpattern"))), "2049");
    }

    @Test
    void entriesOfOtherTypesAreIgnored() {
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("type", "https://api.example.com/payments");
        other.put("actions", "not even an array");
        other.put("topics", 12);
        Map<String, Object> nearlyMercure = with(detail(List.of("publish"), match("*")), "type", DETAIL_TYPE + "/");
        Map<String, Object> noType = without(detail(List.of("publish"), match("*")), "type");
        Claims claims = verified(hub.verifyPublisher(token()
                .details(other, nearlyMercure, noType, detail(SUBSCRIBE, match("https://example.com/a")))
                .hs256()));
        assertThat(claims.publish()).as("entries whose type is not byte for byte Mercure's grant nothing").isNull();
        assertThat(claims.subscribe()).containsExactly(Matcher.exact("https://example.com/a"));
    }

    @Test
    void oneBadMercureEntryRefusesTheWholeToken() {
        Map<String, Object> fine = detail(List.of("publish", "subscribe"), match("*"));
        refused(List.of(fine, detail(SUBSCRIBE, match("https://example.com/a", "regex"))), "authorization_details[1]");
        refused(List.of(fine, detail(SUBSCRIBE)), "authorization_details[1].topics");
        refused(List.of(detail(List.of("publish"), match("https://example.com/(", "urlpattern")), fine),
                "authorization_details[0]");
        refused(List.of(detail(List.of("publish"), match("https://example.com/a"), match("")), fine),
                "authorization_details[0].topics[1]");
    }

    @Test
    void aTokenWithoutMercureEntriesIsValidAndGrantsNothing() {
        for (Object claim : new Object[] {List.of(), List.of(Map.of("type", "https://api.example.com/other"))}) {
            Claims claims = verified(hub.verifyPublisher(token().claim("authorization_details", claim).hs256()));
            assertThat(claims.publish()).isNull();
            assertThat(claims.subscribe()).isNull();
            assertThat(hub.canPublish(claims, List.of("https://example.com/a"))).isFalse();
        }
    }
}
