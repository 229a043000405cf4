package dev.ssehub.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.ssehub.hub.topic.Matcher;

/**
 * What a verified token grants, whichever draft it follows. Immutable.
 *
 * @param kind        which draft's token it is
 * @param publish     the matchers it may publish to, or {@code null} when it grants no publishing
 * @param subscribe   the matchers whose private updates it may receive, or {@code null} when it
 *                    grants none
 * @param payloads    the payloads of its subscriptions, the first grant whose matchers match wins
 *                    (every subscribe grant of a draft-08 token, with or without a payload; a
 *                    draft-07 token's {@code mercure.payload}, one grant for every subscription)
 * @param expiresAt   its {@code exp}, or {@code null} for a draft-07 token that does not expire
 * @param fingerprint an identifier of the token string that reveals nothing of it (a hash), for the
 *                    per-token subscription limit
 */
public record Claims(Kind kind, List<Matcher> publish, List<Matcher> subscribe, List<PayloadGrant> payloads,
        Instant expiresAt, String fingerprint) {

    /** Which draft a token follows. */
    public enum Kind {
        /** Draft-07: a JWS with a {@code mercure} claim of topic selectors. */
        DRAFT07,
        /** Draft-08: an RFC 9068 access token ({@code typ: at+jwt}) with {@code authorization_details}. */
        DRAFT08
    }

    /**
     * A subscribe grant's matchers and payload.
     *
     * @param topics  the grant's matchers: a subscription whose own matcher they match gets the payload
     * @param payload a JSON value as plain Java (maps, lists, strings, numbers, booleans), or
     *                {@code null} for a grant without one
     */
    public record PayloadGrant(List<Matcher> topics, Object payload) {

        /** Copies. */
        public PayloadGrant {
            topics = List.copyOf(topics);
        }
    }

    /** Copies the lists. */
    public Claims {
        Objects.requireNonNull(kind, "kind");
        publish = publish == null ? null : List.copyOf(publish);
        subscribe = subscribe == null ? null : List.copyOf(subscribe);
        payloads = payloads == null ? List.of() : List.copyOf(payloads);
    }
}
