package dev.ssehub.auth;

import java.time.Instant;
import java.util.List;

/**
 * The Mercure claims of a verified token. Immutable.
 *
 * @param publish   selectors of {@code mercure.publish}, or {@code null} when the claim is absent
 * @param subscribe selectors of {@code mercure.subscribe}, or {@code null} when absent
 * @param payload   {@code mercure.payload} as plain JSON values (maps, lists, strings, numbers,
 *                  booleans), or {@code null}
 * @param expiresAt the {@code exp} claim, or {@code null} for a token that does not expire
 */
public record Claims(List<String> publish, List<String> subscribe, Object payload, Instant expiresAt) {

    /** Copies the lists. */
    public Claims {
        publish = publish == null ? null : List.copyOf(publish);
        subscribe = subscribe == null ? null : List.copyOf(subscribe);
    }
}
