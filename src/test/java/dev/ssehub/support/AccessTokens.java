package dev.ssehub.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Signs draft-08 (Mercure 1.0) access tokens for tests: RFC 9068 JWTs with header {@code typ: at+jwt},
 * the claims RFC 9068 asks issuers for, and Mercure {@code authorization_details}, with the keys,
 * issuer and resource of the test profile. {@link TestTokens} signs the draft-07 ones.
 */
public final class AccessTokens {

    /** {@code hub.publisher-jwt.issuer} and {@code hub.subscriber-jwt.issuer} of the test profile. */
    public static final String ISSUER = "https://issuer.test";
    /** {@code hub.resource} of the test profile: what {@code aud} must hold. */
    public static final String RESOURCE = "http://127.0.0.1/.well-known/mercure";
    /** The type of Mercure authorization details. */
    public static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";

    private AccessTokens() {
    }

    /**
     * One Mercure authorization detail.
     *
     * @param actions e.g. {@code publish}, {@code subscribe}
     * @param topics  matcher objects, {@code {"match": …}} with an optional {@code match_type}
     * @param payload the subscription payload, or {@code null}
     */
    public record Detail(List<String> actions, List<Map<String, String>> topics, Map<String, Object> payload) {

        /** The detail as the claim holds it. */
        Map<String, Object> toClaim() {
            Map<String, Object> claim = new LinkedHashMap<>();
            claim.put("type", DETAIL_TYPE);
            claim.put("actions", actions);
            claim.put("topics", topics);
            if (payload != null) {
                claim.put("payload", payload);
            }
            return claim;
        }

        /** This detail with {@code newPayload}. */
        public Detail withPayload(Map<String, Object> newPayload) {
            return new Detail(actions, topics, newPayload);
        }
    }

    /** An exact matcher object, {@code {"match": value}} (the default type). */
    public static Map<String, String> exact(String value) {
        return Map.of("match", value);
    }

    /** A URL Pattern matcher object. */
    public static Map<String, String> urlPattern(String value) {
        return Map.of("match", value, "match_type", "urlpattern");
    }

    /** A URI Template matcher object (an sse-hub extension). */
    public static Map<String, String> uriTemplate(String value) {
        return Map.of("match", value, "match_type", "uritemplate");
    }

    /** A detail granting {@code publish} on {@code topics}. */
    @SafeVarargs
    public static Detail publish(Map<String, String>... topics) {
        return new Detail(List.of("publish"), List.of(topics), null);
    }

    /** A detail granting {@code subscribe} on {@code topics}. */
    @SafeVarargs
    public static Detail subscribe(Map<String, String>... topics) {
        return new Detail(List.of("subscribe"), List.of(topics), null);
    }

    /** A publisher token with {@code details}, valid for an hour. */
    public static String publisher(Detail... details) {
        return sign(TestTokens.PUBLISHER_KEY, "at+jwt", claims(ISSUER, RESOURCE, Instant.now().plusSeconds(3600), details));
    }

    /** A subscriber token with {@code details}, valid for an hour. */
    public static String subscriber(Detail... details) {
        return sign(TestTokens.SUBSCRIBER_KEY, "at+jwt", claims(ISSUER, RESOURCE, Instant.now().plusSeconds(3600), details));
    }

    /** A publisher token allowed to publish to every topic ({@code {"match": "*"}}). */
    public static String publishAnything() {
        return publisher(publish(exact("*")));
    }

    /** A subscriber token allowed to receive every private update ({@code {"match": "*"}}). */
    public static String subscribeAnything() {
        return subscriber(subscribe(exact("*")));
    }

    /**
     * The claims of an access token: {@code iss}, {@code aud}, {@code exp} (each left out when
     * {@code null}), {@code sub}, {@code client_id}, {@code iat}, {@code jti} and the details.
     */
    public static Map<String, Object> claims(String issuer, Object audience, Instant expiresAt, Detail... details) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (issuer != null) {
            claims.put("iss", issuer);
        }
        if (audience != null) {
            claims.put("aud", audience);
        }
        if (expiresAt != null) {
            claims.put("exp", expiresAt.getEpochSecond());
        }
        claims.put("sub", "urn:uuid:" + UUID.randomUUID());
        claims.put("client_id", "https://client.test");
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("jti", "urn:uuid:" + UUID.randomUUID());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Detail detail : details) {
            entries.add(detail.toClaim());
        }
        claims.put("authorization_details", entries);
        return claims;
    }

    /** An HS256 JWS of {@code claims} signed with {@code secret}, with header {@code typ} (none when {@code null}). */
    public static String sign(String secret, String type, Map<String, Object> claims) {
        JwtClaims jwt = new JwtClaims();
        claims.forEach(jwt::setClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwt.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        if (type != null) {
            jws.setHeader("typ", type);
        }
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
