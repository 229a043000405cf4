package dev.ssehub.hub;

import java.time.Duration;
import java.util.Objects;

/**
 * An event as subscribers receive it. Immutable and thread-safe.
 *
 * <p>The constructor rejects values that could not be written safely: {@code id} and {@code type}
 * containing CR, LF or NUL would let a publisher inject fields or whole events into every stream.
 *
 * @param id    event id, never {@code null} nor empty; becomes the client's {@code Last-Event-ID}
 * @param type  SSE event name, or {@code null} for a default ({@code message}) event
 * @param data  payload, never {@code null}, may be empty or span several lines
 * @param retry reconnection delay hint for clients, or {@code null} for none
 */
public record Event(String id, String type, String data, Duration retry) implements Frame {

    /** Validates the fields; throws {@link IllegalArgumentException} or {@link NullPointerException}. */
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        SseFrameEncoder.requireSingleLine("id", id);
        if (type != null) {
            if (type.isEmpty()) {
                throw new IllegalArgumentException("type must not be empty; use null for a default event");
            }
            SseFrameEncoder.requireSingleLine("type", type);
        }
        if (retry != null && retry.isNegative()) {
            throw new IllegalArgumentException("retry must not be negative");
        }
    }

    /** A default event (no {@code event:} field, {@code message} in a browser) without retry hint. */
    public static Event of(String id, String data) {
        return new Event(id, null, data, null);
    }

    /** A named event without retry hint. */
    public static Event named(String id, String type, String data) {
        return new Event(id, type, data, null);
    }
}
