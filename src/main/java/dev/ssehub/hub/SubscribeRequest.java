package dev.ssehub.hub;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ssehub.hub.topic.Matcher;

/**
 * What a subscriber asks for and what its token allows. Immutable.
 *
 * @param draft            the draft the request follows: the shape of the subscription events it gets
 * @param topics           matchers to receive, at least one, repeats counted once
 * @param lastEventId      id of the last update it received, {@link Transport#EARLIEST}, or
 *                         {@code null} for live updates only
 * @param authorizedTopics matchers whose private updates its token allows, or {@code null}
 *                         (anonymous, or a token that grants none: public updates only)
 * @param payloads         the payload of each of {@code topics} that has one (from its token)
 * @param expiresAt        when its token expires and the stream must end, or {@code null}
 * @param client           who asks, for the per-client {@link Limits} (the client's address), or
 *                         {@code null} for code of this service, which no per-client limit applies to
 * @param token            an identifier of the token it presented (for the per-token limit; reveals
 *                         nothing of the token), or {@code null} for none
 */
public record SubscribeRequest(Draft draft, List<Matcher> topics, String lastEventId, List<Matcher> authorizedTopics,
        Map<Matcher, Object> payloads, Instant expiresAt, String client, String token) {

    /** Validates and copies; repeated matchers count once. */
    public SubscribeRequest {
        Objects.requireNonNull(draft, "draft");
        topics = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(topics, "topics")));
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs at least one topic selector");
        }
        for (Matcher topic : topics) {
            if (topic.value().isEmpty()) {
                throw new IllegalArgumentException("a topic selector must not be empty");
            }
        }
        authorizedTopics = authorizedTopics == null ? null : List.copyOf(authorizedTopics);
        payloads = payloads == null || payloads.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(payloads));
    }

    /**
     * A draft-07 request of code of this service (no client, no token).
     *
     * @param topics           draft-07 topic selectors
     * @param authorizedTopics draft-07 selectors its private updates are allowed for, or {@code null}
     * @param payload          the payload of every subscription, or {@code null}
     */
    public SubscribeRequest(List<String> topics, String lastEventId, List<String> authorizedTopics, Object payload,
            Instant expiresAt) {
        this(Draft.DRAFT07, selectors(topics), lastEventId, authorizedTopics == null ? null : selectors(authorizedTopics),
                payloadOfEach(topics, payload), expiresAt, null, null);
    }

    /** An anonymous draft-07 request for live updates on the selectors {@code topics}. */
    public static SubscribeRequest anonymous(List<String> topics) {
        return new SubscribeRequest(topics, null, null, null, null);
    }

    /** This request, made by {@code newClient}. */
    public SubscribeRequest withClient(String newClient) {
        return new SubscribeRequest(draft, topics, lastEventId, authorizedTopics, payloads, expiresAt, newClient, token);
    }

    /** The payload of the subscription to {@code topic}, or {@code null}. */
    public Object payloadOf(Matcher topic) {
        return payloads.get(topic);
    }

    private static List<Matcher> selectors(List<String> values) {
        return Objects.requireNonNull(values, "topics").stream().map(Matcher::selector).toList();
    }

    private static Map<Matcher, Object> payloadOfEach(List<String> topics, Object payload) {
        if (payload == null) {
            return Map.of();
        }
        Map<Matcher, Object> payloads = new LinkedHashMap<>();
        for (String topic : topics) {
            payloads.put(Matcher.selector(topic), payload);
        }
        return payloads;
    }
}
