package dev.ssehub.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import dev.ssehub.config.HubConfig;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * In dev mode, prints the development keys and ready-made tokens at start, so that publishing
 * with curl works out of the box. Prints nothing in any other mode.
 */
class DevModeBanner {

    private static final Logger LOG = Logger.getLogger(DevModeBanner.class);
    private static final Duration VALIDITY = Duration.ofDays(1);

    void print(@Observes StartupEvent start, HubConfig config) {
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            return;
        }
        String publisherKey = config.publisherJwt().key().orElse("");
        String subscriberKey = config.subscriberJwt().key().orElse("");
        StringBuilder banner = new StringBuilder()
                .append("\n==== DEV MODE: development keys, never use them in production ====")
                .append("\nanonymous subscribers: ").append(config.anonymous() ? "allowed" : "refused")
                .append("\nhub.publisher-jwt.key  = ").append(publisherKey)
                .append("\nhub.subscriber-jwt.key = ").append(subscriberKey);
        boolean draft07 = config.protocol().draft07();
        boolean draft08 = config.protocol().draft08() && config.resource().isPresent();
        if ("HS256".equalsIgnoreCase(config.publisherJwt().algorithm()) && !publisherKey.isEmpty()) {
            if (draft07) {
                banner.append("\npublisher token, draft-07  (mercure.publish [\"*\"], valid ").append(VALIDITY.toHours())
                        .append("h): ").append(sign(publisherKey, legacy("publish")));
            }
            config.publisherJwt().issuer().filter(issuer -> draft08).ifPresent(issuer -> banner
                    .append("\npublisher token, draft-08  (publish on *, valid ").append(VALIDITY.toHours()).append("h): ")
                    .append(sign(publisherKey, accessToken(issuer, config.resource().get(), "publish"))));
        }
        if ("HS256".equalsIgnoreCase(config.subscriberJwt().algorithm()) && !subscriberKey.isEmpty()) {
            if (draft07) {
                banner.append("\nsubscriber token, draft-07 (mercure.subscribe [\"*\"], valid ").append(VALIDITY.toHours())
                        .append("h): ").append(sign(subscriberKey, legacy("subscribe")));
            }
            config.subscriberJwt().issuer().filter(issuer -> draft08).ifPresent(issuer -> banner
                    .append("\nsubscriber token, draft-08 (subscribe on *, valid ").append(VALIDITY.toHours()).append("h): ")
                    .append(sign(subscriberKey, accessToken(issuer, config.resource().get(), "subscribe"))));
        }
        LOG.info(banner.append("\n==================================================================="));
    }

    /** The claims of a draft-07 token granting {@code action} on every topic. */
    private static JwtClaims legacy(String action) {
        JwtClaims claims = new JwtClaims();
        claims.setClaim("mercure", Map.of(action, List.of("*")));
        return claims;
    }

    /** The claims of a draft-08 access token granting {@code action} on every topic. */
    private static JwtClaims accessToken(String issuer, String resource, String action) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(resource);
        claims.setSubject("dev-" + action + "er");
        claims.setClaim("client_id", "sse-hub-dev-mode");
        claims.setGeneratedJwtId();
        claims.setClaim("authorization_details", List.of(Map.of("type", "https://mercure.rocks/authorization-detail",
                "actions", List.of(action), "topics", List.of(Map.of("match", "*")))));
        return claims;
    }

    private static String sign(String secret, JwtClaims claims) {
        claims.setExpirationTimeMinutesInTheFuture(VALIDITY.toMinutes());
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(Instant.now().getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        if (claims.hasClaim("authorization_details")) {
            jws.setHeader("typ", "at+jwt");
        }
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            return "(could not sign a dev token: " + e.getMessage() + ")";
        }
    }
}
