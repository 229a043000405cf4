package dev.ssehub.hub;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a subscriber asks for and what its token allows. Immutable.
 *
 * @param topics           topic selectors to receive, at least one
 * @param lastEventId      id of the last update it received, {@link Transport#EARLIEST}, or
 *                         {@code null} for live updates only
 * @param authorizedTopics selectors of its token's {@code mercure.subscribe}, or {@code null}
 *                         (anonymous: public updates only)
 * @param payload          its token's {@code mercure.payload}, or {@code null}
 * @param expiresAt        when its token expires and the stream must end, or {@code null}
 */
public record SubscribeRequest(List<String> topics, String lastEventId, List<String> authorizedTopics,
        Object payload, Instant expiresAt) {

    /** Validates and copies. */
    public SubscribeRequest {
        topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs at least one topic selector");
        }
        authorizedTopics = authorizedTopics == null ? null : List.copyOf(authorizedTopics);
    }

    /** An anonymous request for live updates on {@code topics}. */
    public static SubscribeRequest anonymous(List<String> topics) {
        return new SubscribeRequest(topics, null, null, null, null);
    }
}
