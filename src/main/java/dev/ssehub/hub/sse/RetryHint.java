package dev.ssehub.hub.sse;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code retry} field on its own, followed by a comment: it sets how long the client waits before
 * reconnecting, and dispatches no event. Sent last to a stream that the hub is about to close.
 *
 * @param millis the reconnection delay in milliseconds, not negative
 * @param reason a comment for people reading the stream, without line breaks
 */
public record RetryHint(long millis, String reason) implements Frame {

    /**
     * The hint a stream gets when its server shuts down: reconnect in a random 0.5 to 5 seconds, so
     * that the clients of a replica do not all reconnect at the same moment.
     */
    public static RetryHint forShutdown() {
        return jittered("this server is shutting down; reconnect");
    }

    /**
     * A hint to reconnect in a random 0.5 to 5 seconds, for a stream the hub cannot serve now, with
     * {@code reason} as the comment.
     */
    public static RetryHint jittered(String reason) {
        return new RetryHint(500 + ThreadLocalRandom.current().nextLong(4500), reason);
    }

    /** Validates. */
    public RetryHint {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must not be negative");
        }
        SseFrameEncoder.requireSingleLine("reason", reason);
    }

    @Override
    public byte[] bytes() {
        return SseFrameEncoder.bytes(SseFrameEncoder.retry(millis, reason));
    }
}
