package dev.ssehub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import dev.ssehub.hub.topic.Matcher;
import dev.ssehub.support.TestTokens;

/** Token verification and the Mercure claim rules; plain JUnit, the verifier is pure. */
class TokenVerifierTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
    private final TokenVerifier hs256 = new TokenVerifier(SECRET, "HS256", "hub.publisher-jwt.key");

    private static String token(Map<String, Object> mercure, Instant expiresAt) {
        return TestTokens.hs256(SECRET, mercure, expiresAt);
    }

    @Test
    void aValidTokenYieldsItsMercureClaims() throws InvalidTokenException {
        Instant exp = Instant.now().plusSeconds(60);
        Claims claims = hs256.verify(token(Map.of("publish", List.of("*"), "subscribe", List.of("/a", "/b/{id}"),
                "payload", Map.of("user", "ada")), exp));

        assertThat(claims.kind()).isEqualTo(Claims.Kind.DRAFT07);
        assertThat(claims.publish()).containsExactly(Matcher.selector("*"));
        assertThat(claims.subscribe()).containsExactly(Matcher.selector("/a"), Matcher.selector("/b/{id}"));
        assertThat(claims.payloads()).containsExactly(new Claims.PayloadGrant(List.of(Matcher.selector("*")),
                Map.of("user", "ada")));
        assertThat(claims.expiresAt()).isEqualTo(Instant.ofEpochSecond(exp.getEpochSecond()));
    }

    @Test
    void aTokenWithoutMercureClaimOrExpiryHasNone() throws InvalidTokenException {
        Claims claims = hs256.verify(token(null, null));
        assertThat(claims.publish()).isNull();
        assertThat(claims.subscribe()).isNull();
        assertThat(claims.expiresAt()).isNull();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged = TestTokens.hs256("another-secret-of-thirty-two-bytes-or-more", Map.of("publish", List.of("*")), null);
        assertThatThrownBy(() -> hs256.verify(forged)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void anExpiredTokenIsRefusedSayingWhen() {
        String expired = token(Map.of("publish", List.of("*")), Instant.now().minusSeconds(5));
        assertThatThrownBy(() -> hs256.verify(expired)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void malformedTokensAreRefused() {
        for (String malformed : List.of("", "abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30", "not a token at all")) {
            assertThatThrownBy(() -> hs256.verify(malformed)).as(malformed).isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void onlyTheConfiguredAlgorithmIsAccepted() {
        String hs512 = TestTokens.sign(new HmacKey(SECRET.repeat(2).getBytes(StandardCharsets.UTF_8)),
                AlgorithmIdentifiers.HMAC_SHA512, Map.of("publish", List.of("*")), null);
        assertThatThrownBy(() -> hs256.verify(hs512)).isInstanceOf(InvalidTokenException.class);
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        "{\"mercure\":{\"publish\":[\"*\"]}}".getBytes()) + ".";
        assertThatThrownBy(() -> hs256.verify(unsigned)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void rs256TokensVerifyWithThePemPublicKey() throws Exception {
        KeyPair pair = rsa();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        TokenVerifier rs256 = new TokenVerifier(pem, "RS256", "hub.subscriber-jwt.key");
        String token = TestTokens.sign(pair.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256,
                Map.of("subscribe", List.of("*")), null);

        assertThat(rs256.verify(token).subscribe()).containsExactly(Matcher.selector("*"));
        String otherKey = TestTokens.sign(rsa().getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256,
                Map.of("subscribe", List.of("*")), null);
        assertThatThrownBy(() -> rs256.verify(otherKey)).isInstanceOf(InvalidTokenException.class);
        // An HS256 token "signed" with the public key text must not pass for RS256 (algorithm confusion).
        String confused = TestTokens.sign(new HmacKey(pem.getBytes(StandardCharsets.UTF_8)), AlgorithmIdentifiers.HMAC_SHA256,
                Map.of("subscribe", List.of("*")), null);
        assertThatThrownBy(() -> rs256.verify(confused)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void claimsOfTheWrongShapeAreRefused() {
        assertThatThrownBy(() -> hs256.verify(token(Map.of("publish", "*"), null)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("mercure.publish");
        assertThatThrownBy(() -> hs256.verify(token(Map.of("subscribe", List.of(1, 2)), null)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("mercure.subscribe");
    }

    @Test
    void unusableKeysFailAtStartWithTheKeyName() {
        assertThatThrownBy(() -> new TokenVerifier("short", "HS256", "hub.publisher-jwt.key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hub.publisher-jwt.key")
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new TokenVerifier(SECRET, "none", "hub.publisher-jwt.key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HS256");
        assertThatThrownBy(() -> new TokenVerifier("not a pem", "RS256", "hub.subscriber-jwt.key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hub.subscriber-jwt.key");
    }

    @Test
    void publishingNeedsASelectorForEveryTopic() {
        HubTokens tokens = new HubTokens(new HubTokens.Settings(true, false, null, true,
                new HubTokens.RoleKeys(SECRET, "HS256", null, null, List.of(), Duration.ofSeconds(5)),
                new HubTokens.RoleKeys(null, "HS256", null, null, List.of(), Duration.ofSeconds(5))));
        Claims some = publishing(List.of("/books/{id}", "/authors/1"));
        assertThat(tokens.canPublish(some, List.of("/books/1"))).isTrue();
        assertThat(tokens.canPublish(some, List.of("/books/1", "/authors/1"))).isTrue();
        assertThat(tokens.canPublish(some, List.of("/books/1", "/authors/2"))).isFalse();
        assertThat(tokens.canPublish(publishing(List.of("*")), List.of("/x", "urn:y"))).isTrue();
        assertThat(tokens.canPublish(publishing(List.of()), List.of("/x"))).isFalse();
        assertThat(tokens.canPublish(new Claims(Claims.Kind.DRAFT07, null, List.of(Matcher.selector("*")), null, null,
                "f"), List.of("/x"))).as("a subscriber's claims do not allow publishing").isFalse();
    }

    private static Claims publishing(List<String> selectors) {
        return new Claims(Claims.Kind.DRAFT07, selectors.stream().map(Matcher::selector).toList(), null, null, null, "f");
    }

    private static KeyPair rsa() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
