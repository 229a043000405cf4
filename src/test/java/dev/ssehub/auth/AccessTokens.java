package dev.ssehub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * Draft-08 access tokens for tests, the hubs that verify them, and the assertions on what they
 * answer. Every token starts as the well-formed one an RFC 9068 issuer writes; tests change one
 * thing.
 */
final class AccessTokens {

    static final String RESOURCE = "https://hub.example.com/.well-known/mercure";
    static final String ISSUER = "https://auth.example.com";
    static final String SECRET = "an-issuer-secret-of-at-least-32-bytes!";
    static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";
    /** How long a test waits for a verdict: far more than any verification may take. */
    static final Duration VERDICT_WITHIN = Duration.ofSeconds(10);

    private AccessTokens() {
    }

    /** A token from {@link #ISSUER} for {@link #RESOURCE}, valid for an hour, publishing and subscribing everywhere. */
    static Builder token() {
        return new Builder();
    }

    /** One Mercure authorization detail. */
    static Map<String, Object> detail(List<String> actions, Object... topics) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", DETAIL_TYPE);
        detail.put("actions", actions);
        detail.put("topics", List.of(topics));
        return detail;
    }

    /** A Mercure authorization detail with a payload. */
    static Map<String, Object> detailWithPayload(List<String> actions, Object payload, Object... topics) {
        Map<String, Object> detail = detail(actions, topics);
        detail.put("payload", payload);
        return detail;
    }

    /** A topic matcher object without {@code match_type}. */
    static Map<String, Object> match(String match) {
        return Map.of("match", match);
    }

    /** A topic matcher object. */
    static Map<String, Object> match(String match, String type) {
        return Map.of("match", match, "match_type", type);
    }

    /** A hub speaking both drafts whose roles trust {@link #ISSUER} with {@link #SECRET} (HS256). */
    static HubTokens hub() {
        return hub(hs256(SECRET, ISSUER), hs256(SECRET, ISSUER));
    }

    /** A hub speaking both drafts for {@link #RESOURCE}, anonymous subscribers allowed. */
    static HubTokens hub(HubTokens.RoleKeys publisher, HubTokens.RoleKeys subscriber) {
        return new HubTokens(new HubTokens.Settings(true, true, RESOURCE, true, publisher, subscriber));
    }

    /** A role trusting {@code issuer} with a shared secret. */
    static HubTokens.RoleKeys hs256(String secret, String issuer) {
        return new HubTokens.RoleKeys(secret, "HS256", issuer, null, List.of(), Duration.ofSeconds(5));
    }

    /** A role trusting {@code issuer} with a static public key. */
    static HubTokens.RoleKeys publicKey(PublicKey key, String algorithm, String issuer) {
        return new HubTokens.RoleKeys(pem(key), algorithm, issuer, null, List.of(), Duration.ofSeconds(5));
    }

    /** A role trusting {@code issuer} through its JWKS. */
    static HubTokens.RoleKeys jwks(String url, String issuer, Duration timeout) {
        return new HubTokens.RoleKeys(null, "HS256", issuer, url, List.of("RS256", "ES256", "EdDSA"), timeout);
    }

    /** A role with no key at all. */
    static HubTokens.RoleKeys none() {
        return new HubTokens.RoleKeys(null, "HS256", null, null, List.of(), Duration.ofSeconds(5));
    }

    static KeyPair rsa() {
        return pair("RSA", null);
    }

    static KeyPair ec() {
        return pair("EC", new ECGenParameterSpec("secp256r1"));
    }

    static KeyPair ed25519() {
        return pair("Ed25519", null);
    }

    private static KeyPair pair(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM text of {@code key}, as an operator pastes it into {@code hub.*-jwt.key}. */
    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The JWK of {@code key} with {@code kid}. */
    static PublicJsonWebKey jwk(PublicKey key, String kid) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setKeyId(kid);
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code verification} answers: the claims, or an assertion error if it failed or took too long. */
    static Claims verified(Uni<Claims> verification) {
        return verification.subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem(VERDICT_WITHIN).getItem();
    }

    /**
     * Asserts that {@code verification} fails, in time, with an {@link InvalidTokenException} whose
     * message holds every one of {@code why} and no part of {@code token}.
     *
     * @return the message
     */
    static String assertRefused(Uni<Claims> verification, String token, String... why) {
        Throwable failure = verification.subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(VERDICT_WITHIN).getFailure();
        assertThat(failure).isInstanceOf(InvalidTokenException.class);
        String message = failure.getMessage();
        for (String reason : why) {
            assertThat(message).contains(reason);
        }
        for (String part : token.split("\\.")) {
            if (part.length() > 4) {
                assertThat(message).as("the refusal quotes the token").doesNotContain(part);
            }
        }
        return message;
    }

    /** A JWS under construction: header and claims as maps, in the order written. */
    static final class Builder {

        private final Map<String, Object> header = new LinkedHashMap<>();
        private final Map<String, Object> claims = new LinkedHashMap<>();

        private Builder() {
            long now = Instant.now().getEpochSecond();
            header.put("typ", "at+jwt");
            claims.put("iss", ISSUER);
            claims.put("aud", RESOURCE);
            claims.put("sub", "urn:uuid:bb3de268-05b0-4c65-b44e-8f9acefc29d6");
            claims.put("client_id", ISSUER);
            claims.put("iat", now);
            claims.put("exp", now + 3600);
            claims.put("jti", "urn:uuid:e70ff8d7-59d5-4a92-b0b7-505e8f6d09fa");
            claims.put("authorization_details", List.of(detail(List.of("publish", "subscribe"), match("*"))));
        }

        /** Sets a header parameter; {@code null} removes it. */
        Builder header(String name, Object value) {
            put(header, name, value);
            return this;
        }

        /** Sets a claim; {@code null} removes it. */
        Builder claim(String name, Object value) {
            put(claims, name, value);
            return this;
        }

        /** Sets {@code authorization_details} to {@code details}. */
        Builder details(Object... details) {
            return claim("authorization_details", new ArrayList<>(Arrays.asList(details)));
        }

        private static void put(Map<String, Object> map, String name, Object value) {
            if (value == null) {
                map.remove(name);
            } else {
                map.put(name, value);
            }
        }

        /** Signed with {@code secret}, HS256. */
        String hs256(String secret) {
            return sign(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)), "HS256");
        }

        /** Signed with {@link AccessTokens#SECRET}, HS256. */
        String hs256() {
            return hs256(SECRET);
        }

        /** Signed with {@code key} and {@code algorithm}. */
        String sign(Key key, String algorithm) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmHeaderValue(algorithm);
            header.forEach((name, value) -> jws.getHeaders().setObjectHeaderValue(name, value));
            JwtClaims body = new JwtClaims();
            claims.forEach(body::setClaim);
            jws.setPayload(body.toJson());
            jws.setKey(key);
            jws.setDoKeyValidation(false);
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Unsigned: {@code alg} {@code none}, empty signature. */
        String unsigned() {
            Map<String, Object> withNone = new LinkedHashMap<>();
            withNone.put("alg", "none");
            withNone.putAll(header);
            JwtClaims body = new JwtClaims();
            claims.forEach(body::setClaim);
            return base64url(org.jose4j.json.JsonUtil.toJson(withNone)) + "." + base64url(body.toJson()) + ".";
        }
    }

    static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
