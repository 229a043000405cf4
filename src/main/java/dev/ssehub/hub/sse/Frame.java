package dev.ssehub.hub.sse;

/**
 * One unit written to an SSE stream: an update (the hub's {@code Envelope}), a {@link Comment}, a
 * hub {@link Notice} or a {@link RetryHint}. Implementations are immutable, or cache their encoding
 * safely.
 */
public interface Frame {

    /** The frame in the {@code text/event-stream} format, UTF-8; callers must not modify the array. */
    byte[] bytes();
}
