package dev.ssehub.support;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Signs tokens for tests with the keys the test profile (and the packaged app under test) uses.
 */
public final class TestTokens {

    /** {@code hub.publisher-jwt.key} of the test profile. */
    public static final String PUBLISHER_KEY = "test-publisher-key-not-for-production-use";
    /** {@code hub.subscriber-jwt.key} of the test profile. */
    public static final String SUBSCRIBER_KEY = "test-subscriber-key-not-for-production-use";

    private TestTokens() {
    }

    /** A publisher token allowed to publish to {@code selectors}, valid for an hour. */
    public static String publisher(String... selectors) {
        return hs256(PUBLISHER_KEY, Map.of("publish", List.of(selectors)), Instant.now().plusSeconds(3600));
    }

    /** A subscriber token allowed to receive private updates of {@code selectors}, valid for an hour. */
    public static String subscriber(String... selectors) {
        return hs256(SUBSCRIBER_KEY, Map.of("subscribe", List.of(selectors)), Instant.now().plusSeconds(3600));
    }

    /** An HS256 token with the given {@code mercure} claim and expiry ({@code null}: none). */
    public static String hs256(String secret, Map<String, Object> mercure, Instant expiresAt) {
        return sign(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)), AlgorithmIdentifiers.HMAC_SHA256, mercure,
                expiresAt);
    }

    /** A token signed with {@code key} and {@code algorithm}, with the given claims. */
    public static String sign(Key key, String algorithm, Map<String, Object> mercure, Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        if (mercure != null) {
            claims.setClaim("mercure", new HashMap<>(mercure));
        }
        if (expiresAt != null) {
            claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An HS256 token whose claims set is {@code claimsJson} exactly as given, for claims no
     * well-behaved issuer writes (dates that are not numbers, line breaks in claims).
     */
    public static String hs256Json(String secret, String claimsJson) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claimsJson);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code -D} arguments that let the packaged app start with the test keys. */
    public static List<String> jvmArguments() {
        return List.of("-Dhub.publisher-jwt.key=" + PUBLISHER_KEY, "-Dhub.subscriber-jwt.key=" + SUBSCRIBER_KEY,
                "-Dhub.anonymous=true", "-Dhub.resource=" + AccessTokens.RESOURCE,
                "-Dhub.publisher-jwt.issuer=" + AccessTokens.ISSUER, "-Dhub.subscriber-jwt.issuer=" + AccessTokens.ISSUER);
    }
}
