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
        if ("HS256".equalsIgnoreCase(config.publisherJwt().algorithm()) && !publisherKey.isEmpty()) {
            banner.append("\npublisher token  (mercure.publish [\"*\"], valid ").append(VALIDITY.toHours()).append("h): ")
                    .append(sign(publisherKey, Map.of("publish", List.of("*"))));
        }
        if ("HS256".equalsIgnoreCase(config.subscriberJwt().algorithm()) && !subscriberKey.isEmpty()) {
            banner.append("\nsubscriber token (mercure.subscribe [\"*\"], valid ").append(VALIDITY.toHours()).append("h): ")
                    .append(sign(subscriberKey, Map.of("subscribe", List.of("*"))));
        }
        LOG.info(banner.append("\n==================================================================="));
    }

    private static String sign(String secret, Map<String, Object> mercure) {
        JwtClaims claims = new JwtClaims();
        claims.setClaim("mercure", mercure);
        claims.setExpirationTimeMinutesInTheFuture(VALIDITY.toMinutes());
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(Instant.now().getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
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
