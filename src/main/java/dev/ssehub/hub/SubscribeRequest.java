package dev.ssehub.hub;

import java.time.Instant;
import java.util.LinkedHashSet;
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
 * @param client           who asks, for the per-client {@link Limits} (the client's address), or
 *                         {@code null} for code of this service, which no per-client limit applies to
 */
public record SubscribeRequest(List<String> topics, String lastEventId, List<String> authorizedTopics,
        Object payload, Instant expiresAt, String client) {

    /** Validates and copies; repeated selectors count once. */
    public SubscribeRequest {
        topics = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(topics, "topics")));
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs at least one topic selector");
        }
        for (String topic : topics) {
            if (topic.isEmpty()) {
                throw new IllegalArgumentException("a topic selector must not be empty");
            }
        }
        authorizedTopics = authorizedTopics == null ? null : List.copyOf(authorizedTopics);
    }

    /** A request of code of this service (no client). */
    public SubscribeRequest(List<String> topics, String lastEventId, List<String> authorizedTopics, Object payload,
            Instant expiresAt) {
        this(topics, lastEventId, authorizedTopics, payload, expiresAt, null);
    }

    /** An anonymous request for live updates on {@code topics}. */
    public static SubscribeRequest anonymous(List<String> topics) {
        return new SubscribeRequest(topics, null, null, null, null, null);
    }

    /** This request, made by {@code newClient}. */
    public SubscribeRequest withClient(String newClient) {
        return new SubscribeRequest(topics, lastEventId, authorizedTopics, payload, expiresAt, newClient);
    }
}
