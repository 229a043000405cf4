package dev.ssehub.auth;

import static dev.ssehub.auth.AccessTokens.ISSUER;
import static dev.ssehub.auth.AccessTokens.RESOURCE;
import static dev.ssehub.auth.AccessTokens.SECRET;
import static dev.ssehub.auth.AccessTokens.assertRefused;
import static dev.ssehub.auth.AccessTokens.base64url;
import static dev.ssehub.auth.AccessTokens.hs256;
import static dev.ssehub.auth.AccessTokens.publicKey;
import static dev.ssehub.auth.AccessTokens.token;
import static dev.ssehub.auth.AccessTokens.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ssehub.hub.topic.Matcher;
import dev.ssehub.support.TestTokens;

/**
 * Draft-08 access token validation (RFC 9068 as draft-08 profiles it) and the draft switches;
 * plain JUnit, since verifying a token with a static key needs neither HTTP nor a container.
 */
class AccessTokenTest {

    private final HubTokens hub = AccessTokens.hub();

    // ---- accepted

    @Test
    void theMercureConformanceTokenVerifies() throws Exception {
        String secret = "!ChangeThisMercureHubJWTSecretKey!";
        HubTokens conformance = new HubTokens(new HubTokens.Settings(true, true, "https://localhost/.well-known/mercure",
                true, hs256(secret, "https://localhost"), hs256(secret, "https://localhost")));
        // Written as the conformance suite writes it: no sub, client_id, iat or jti.
        String header = base64url("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}");
        String claims = base64url("{\"aud\":\"https://localhost/.well-known/mercure\",\"iss\":\"https://localhost\","
                + "\"authorization_details\":[{\"type\":\"https://mercure.rocks/authorization-detail\","
                + "\"actions\":[\"publish\",\"subscribe\"],\"topics\":[{\"match\":\"*\"}]}],\"exp\":4102444800}");
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = hmac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        String token = header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

        for (Claims granted : List.of(verified(conformance.verifyPublisher(token)),
                verified(conformance.verifySubscriber(token)))) {
            assertThat(granted.kind()).isEqualTo(Claims.Kind.DRAFT08);
            assertThat(granted.publish()).containsExactly(Matcher.exact("*"));
            assertThat(granted.subscribe()).containsExactly(Matcher.exact("*"));
            assertThat(granted.expiresAt()).isEqualTo(Instant.ofEpochSecond(4102444800L));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "application/at+jwt", "AT+JWT", "At+Jwt", "Application/AT+jwt"})
    void typIsAtJwtWithOrWithoutTheApplicationPrefixInAnyCase(String typ) {
        String token = token().header("typ", typ).hs256();
        assertThat(verified(hub.verifyPublisher(token)).kind()).isEqualTo(Claims.Kind.DRAFT08);
    }

    @Test
    void audIsTheResourceAsAStringOrAMemberOfAnArray() {
        assertThat(verified(hub.verifySubscriber(token().claim("aud", RESOURCE).hs256())).subscribe()).isNotNull();
        String array = token().claim("aud", List.of("https://other.example.com/api", RESOURCE)).hs256();
        assertThat(verified(hub.verifySubscriber(array)).subscribe()).isNotNull();
    }

    @Test
    void rs256Es256AndEdDsaStaticPublicKeysVerify() {
        for (String algorithm : List.of("RS256", "ES256", "EdDSA")) {
            KeyPair pair = pairFor(algorithm);
            HubTokens signed = AccessTokens.hub(publicKey(pair.getPublic(), algorithm, ISSUER), AccessTokens.none());
            String token = token().sign(pair.getPrivate(), algorithm);
            assertThat(verified(signed.verifyPublisher(token)).publish()).as(algorithm).containsExactly(Matcher.exact("*"));
            String forged = token().sign(pairFor(algorithm).getPrivate(), algorithm);
            assertRefused(signed.verifyPublisher(forged), forged, "signature");
        }
    }

    private static KeyPair pairFor(String algorithm) {
        return switch (algorithm) {
            case "RS256" -> AccessTokens.rsa();
            case "ES256" -> AccessTokens.ec();
            default -> AccessTokens.ed25519();
        };
    }

    // ---- refused: header

    @Test
    void aTokenWithoutTypIsRefused() {
        String token = token().header("typ", null).hs256();
        assertRefused(hub.verifyPublisher(token), token, "typ at+jwt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "application/jwt", "at+jwt+x", "x-at+jwt", "application/at+jwt+x", ""})
    void aTokenOfAnotherTypIsRefused(String typ) {
        String token = token().header("typ", typ).hs256();
        assertRefused(hub.verifySubscriber(token), token, "typ at+jwt");
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String token = token().unsigned();
        assertRefused(hub.verifyPublisher(token), token);
        String jwtTyp = token().header("typ", "JWT").unsigned();
        assertRefused(hub.verifyPublisher(jwtTyp), jwtTyp);
    }

    @Test
    void anHs256TokenSignedWithTheTextOfAnRsaPublicKeyIsRefused() {
        KeyPair pair = AccessTokens.rsa();
        HubTokens rsa = AccessTokens.hub(publicKey(pair.getPublic(), "RS256", ISSUER), AccessTokens.none());
        String confused = token().hs256(AccessTokens.pem(pair.getPublic()));
        assertRefused(rsa.verifyPublisher(confused), confused);
    }

    @Test
    void anAlgorithmOffTheAllowlistIsRefusedEvenWithTheRightSecret() {
        String hs512 = token().sign(new HmacKey(SECRET.repeat(2).getBytes(StandardCharsets.UTF_8)), "HS512");
        assertRefused(hub.verifyPublisher(hs512), hs512);
        KeyPair pair = AccessTokens.rsa();
        HubTokens rs256 = AccessTokens.hub(publicKey(pair.getPublic(), "RS256", ISSUER), AccessTokens.none());
        String rs512 = token().sign(pair.getPrivate(), "RS512");
        assertRefused(rs256.verifyPublisher(rs512), rs512);
    }

    // A token refused for its alg says so, not that its key is unknown (the key lookup once ran first).
    @Test
    void aRefusedAlgorithmIsWhatTheRefusalNames() {
        String none = token().unsigned();
        assertRefused(hub.verifyPublisher(none), none, "signed with HS256");
        String hs512 = token().sign(new HmacKey(SECRET.repeat(2).getBytes(StandardCharsets.UTF_8)), "HS512");
        assertRefused(hub.verifyPublisher(hs512), hs512, "signed with HS256");
        KeyPair pair = AccessTokens.rsa();
        HubTokens rs256 = AccessTokens.hub(publicKey(pair.getPublic(), "RS256", ISSUER), AccessTokens.none());
        String confused = token().hs256(AccessTokens.pem(pair.getPublic()));
        assertRefused(rs256.verifyPublisher(confused), confused, "signed with RS256");
    }

    @Test
    void aKeyCarriedInTheTokenHeaderIsNeverUsed() {
        KeyPair trusted = AccessTokens.rsa();
        KeyPair attacker = AccessTokens.rsa();
        HubTokens rsa = AccessTokens.hub(publicKey(trusted.getPublic(), "RS256", ISSUER), AccessTokens.none());
        String withJwk = token()
                .header("jwk", AccessTokens.jwk(attacker.getPublic(), "attacker").toParams(OutputControlLevel.PUBLIC_ONLY))
                .sign(attacker.getPrivate(), "RS256");
        assertRefused(rsa.verifyPublisher(withJwk), withJwk, "signature");
        String withJku = token().header("jku", "http://127.0.0.1:1/jwks.json").header("kid", "attacker")
                .sign(attacker.getPrivate(), "RS256");
        assertRefused(rsa.verifyPublisher(withJku), withJku, "signature");
    }

    @Test
    void aTokenWithACriticalHeaderTheHubDoesNotUnderstandIsRefused() {
        String token = token().header("crit", List.of("urn:example:must-understand"))
                .header("urn:example:must-understand", true).hs256();
        assertRefused(hub.verifyPublisher(token), token);
    }

    // ---- refused: claims

    @Test
    void aTokenWithoutExpIsRefused() {
        String token = token().claim("exp", null).hs256();
        assertRefused(hub.verifyPublisher(token), token, "no exp");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = token().claim("exp", Instant.now().minusSeconds(60).getEpochSecond()).hs256();
        assertRefused(hub.verifySubscriber(token), token, "expired");
    }

    @Test
    void aTokenNotValidYetIsRefused() {
        String token = token().claim("nbf", Instant.now().plusSeconds(600).getEpochSecond()).hs256();
        assertRefused(hub.verifyPublisher(token), token, "not valid yet");
    }

    @Test
    void aTokenWithoutAudIsRefused() {
        String token = token().claim("aud", null).hs256();
        assertRefused(hub.verifyPublisher(token), token, "aud", RESOURCE);
    }

    @Test
    void aTokenForAnotherResourceIsRefused() {
        for (Object aud : List.of("https://other.example.com/.well-known/mercure", RESOURCE + "/",
                List.of("https://other.example.com/.well-known/mercure"), List.of())) {
            String token = token().claim("aud", aud).hs256();
            assertRefused(hub.verifySubscriber(token), token, "aud", RESOURCE);
        }
    }

    @Test
    void aTokenWithoutIssIsRefused() {
        String token = token().claim("iss", null).hs256();
        assertRefused(hub.verifyPublisher(token), token, "iss");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefusedEvenWhenSignedWithTheTrustedKey() {
        for (Object iss : List.of("https://evil.example.com", ISSUER + "/", "HTTPS://AUTH.EXAMPLE.COM")) {
            String token = token().claim("iss", iss).hs256();
            assertRefused(hub.verifyPublisher(token), token, "issuer");
        }
    }

    @Test
    void eachRoleTrustsOnlyTheKeyOfItsOwnIssuer() {
        String secretA = "the-publisher-issuer-secret-AAAAAAAAAAAAAAAA";
        String secretB = "the-subscriber-issuer-secret-BBBBBBBBBBBBBBB";
        HubTokens split = AccessTokens.hub(hs256(secretA, "https://a.example.com"),
                hs256(secretB, "https://b.example.com"));

        String fromA = token().claim("iss", "https://a.example.com").hs256(secretA);
        assertThat(verified(split.verifyPublisher(fromA)).publish()).isNotNull();
        assertRefused(split.verifySubscriber(fromA), fromA, "issuer");
        String claimsBSignedByA = token().claim("iss", "https://b.example.com").hs256(secretA);
        assertRefused(split.verifySubscriber(claimsBSignedByA), claimsBSignedByA, "signature");
        String claimsASignedByB = token().claim("iss", "https://a.example.com").hs256(secretB);
        assertRefused(split.verifyPublisher(claimsASignedByB), claimsASignedByB, "signature");
    }

    @Test
    void aTokenWithAnotherKeysSignatureIsRefused() {
        String token = token().hs256("another-secret-of-at-least-32-bytes!!");
        assertRefused(hub.verifyPublisher(token), token, "signature");
    }

    // ---- draft switches

    @Test
    void withDraft07OffAMercureClaimTokenIsRefusedNamingTheSwitch() {
        HubTokens draft08Only = new HubTokens(new HubTokens.Settings(false, true, RESOURCE, true,
                hs256(SECRET, ISSUER), hs256(SECRET, ISSUER)));
        String legacy = TestTokens.hs256(SECRET, Map.of("publish", List.of("*")), Instant.now().plusSeconds(60));
        assertRefused(draft08Only.verifyPublisher(legacy), legacy, "hub.protocol.draft07");
        assertThat(verified(draft08Only.verifyPublisher(token().hs256())).kind()).isEqualTo(Claims.Kind.DRAFT08);
    }

    // With draft-07 off, a token that is no JWS is refused for that, not as a draft-07 token.
    @Test
    void withDraft07OffAMalformedTokenIsRefusedForBeingMalformed() {
        HubTokens draft08Only = new HubTokens(new HubTokens.Settings(false, true, RESOURCE, true,
                hs256(SECRET, ISSUER), hs256(SECRET, ISSUER)));
        for (String malformed : List.of("not-a-token", "a.b.c", base64url("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}") + ".e30")) {
            String message = assertRefused(draft08Only.verifySubscriber(malformed), malformed);
            assertThat(message).as(malformed).contains("compact JWS").doesNotContain("draft07");
        }
    }

    @Test
    void withDraft08OffAnAccessTokenIsRefusedNamingTheSwitch() {
        HubTokens draft07Only = new HubTokens(new HubTokens.Settings(true, false, null, true,
                hs256(SECRET, null), hs256(SECRET, null)));
        String token = token().hs256();
        assertRefused(draft07Only.verifySubscriber(token), token, "hub.protocol.draft08");
        String typOnly = token().claim("authorization_details", null).hs256();
        assertRefused(draft07Only.verifySubscriber(typOnly), typOnly, "hub.protocol.draft08");
    }

    @Test
    void aRoleWithoutIssuerRefusesAccessTokensNamingTheKeyToSet() {
        HubTokens noIssuer = AccessTokens.hub(hs256(SECRET, null), hs256(SECRET, null));
        String token = token().hs256();
        assertRefused(noIssuer.verifyPublisher(token), token, "hub.publisher-jwt.issuer");
        assertRefused(noIssuer.verifySubscriber(token), token, "hub.subscriber-jwt.issuer");
    }

    @Test
    void aTokenWithAuthorizationDetailsButTheWrongTypIsAnAccessTokenAndRefused() {
        // Without at+jwt, the authorization_details claim still marks it draft-08: it must not fall back to draft-07.
        String token = token().header("typ", "JWT").hs256();
        assertThat(hub.kindOf(token)).isEqualTo(Claims.Kind.DRAFT08);
        assertRefused(hub.verifyPublisher(token), token, "typ at+jwt");
    }
}
