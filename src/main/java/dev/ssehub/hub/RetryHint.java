package dev.ssehub.hub;

/**
 * A {@code retry} field on its own, followed by a comment: it sets how long the client waits before
 * reconnecting, and dispatches no event. Sent last to a stream that the hub is about to close.
 *
 * @param millis the reconnection delay in milliseconds, not negative
 * @param reason a comment for people reading the stream, without line breaks
 */
public record RetryHint(long millis, String reason) implements Frame {

    /** Validates. */
    public RetryHint {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must not be negative");
        }
        SseFrameEncoder.requireSingleLine("reason", reason);
    }

    @Override
    public byte[] bytes() {
        return SseFrameEncoder.encodeToBytes(this);
    }
}
