package dev.ssehub.auth;

import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.topic.SelectorCache;
import dev.ssehub.hub.topic.TopicSelector;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The hub's two token verifiers, built at start from {@code hub.publisher-jwt.*} and
 * {@code hub.subscriber-jwt.*}, and the Mercure rules that read their claims. Starting without a
 * publisher key, or without a subscriber key while anonymous subscribers are off, fails with a
 * message naming the missing key. Thread-safe.
 */
// Before the hub and everything else of the default priority: a missing key stops the start before
// anything says it started.
@Startup(1000)
@ApplicationScoped
public class HubTokens {

    private final TokenVerifier publisher;
    private final TokenVerifier subscriber;
    // Tokens' selectors recur from one request to the next: compiled once, kept apart from subscribers'.
    private final SelectorCache selectors = new SelectorCache();

    @Inject
    HubTokens(HubConfig config) {
        this(verifier(config.publisherJwt(), "hub.publisher-jwt", true),
                verifier(config.subscriberJwt(), "hub.subscriber-jwt", !config.anonymous()));
    }

    /** @param subscriber {@code null} when no subscriber key is configured */
    HubTokens(TokenVerifier publisher, TokenVerifier subscriber) {
        this.publisher = publisher;
        this.subscriber = subscriber;
    }

    /** Verifies a publisher's token. */
    public Claims verifyPublisher(String token) throws InvalidTokenException {
        return publisher.verify(token);
    }

    /** Verifies a subscriber's token; refuses every token when no subscriber key is configured. */
    public Claims verifySubscriber(String token) throws InvalidTokenException {
        if (subscriber == null) {
            throw new InvalidTokenException("this hub has no subscriber key (hub.subscriber-jwt.key), so it cannot "
                    + "verify tokens; subscribe without one to receive public updates");
        }
        return subscriber.verify(token);
    }

    /** Whether {@code claims} allow publishing to every one of {@code topics}. */
    public boolean canPublish(Claims claims, List<String> topics) {
        if (claims.publish() == null) {
            return false;
        }
        List<TopicSelector> allowed = claims.publish().stream().map(selectors::getOrNull)
                .filter(Objects::nonNull).toList();
        return topics.stream().allMatch(topic -> allowed.stream().anyMatch(selector -> selector.matches(topic)));
    }

    /** Whether {@code claims} allow receiving private updates of {@code topic}. */
    public boolean canSubscribe(Claims claims, String topic) {
        return claims.subscribe() != null && claims.subscribe().stream().map(selectors::getOrNull)
                .anyMatch(selector -> selector != null && selector.matches(topic));
    }

    // A ConfigurationException: Quarkus prints its message alone, one line, and exits non-zero.
    private static TokenVerifier verifier(HubConfig.Jwt jwt, String prefix, boolean required) {
        if (jwt.key().isEmpty() || jwt.key().get().isBlank()) {
            if (required) {
                throw new ConfigurationException(prefix + ".key is not set, so the hub cannot verify tokens: set it (env "
                        + prefix.toUpperCase().replace('.', '_').replace('-', '_') + "_KEY) to the shared secret for "
                        + "HS256, or to the PEM public key for RS256 with " + prefix + ".algorithm=RS256");
            }
            return null;
        }
        try {
            return new TokenVerifier(jwt.key().get(), jwt.algorithm(), prefix + ".key");
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
