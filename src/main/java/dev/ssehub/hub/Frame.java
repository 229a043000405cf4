package dev.ssehub.hub;

/**
 * One unit written to an SSE stream: an update ({@link Envelope}), a {@link Comment} or a
 * hub {@link Notice} or a {@link RetryHint}. Implementations are immutable, or cache their encoding safely.
 */
public sealed interface Frame permits Envelope, Comment, Notice, RetryHint {

    /** The frame in the {@code text/event-stream} format, UTF-8; callers must not modify the array. */
    byte[] bytes();
}
