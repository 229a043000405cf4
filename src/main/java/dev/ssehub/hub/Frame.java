package dev.ssehub.hub;

/**
 * One unit written to an SSE stream: an {@link Event} or a {@link Comment}.
 */
public sealed interface Frame permits Event, Comment {
}
