package dev.ssehub.hub.sse;

import java.util.Objects;

/**
 * A named event the hub itself sends to one subscriber, outside the update history: it has no
 * {@code id} line, so a browser keeps its last event id. Immutable.
 *
 * @param type the event name, e.g. {@code gap}
 * @param data JSON data
 */
public record Notice(String type, String data) implements Frame {

    /** Event name of the notice sent when the requested {@code Last-Event-ID} is no longer retained. */
    public static final String GAP = "gap";

    /** Validates the fields. */
    public Notice {
        Objects.requireNonNull(data, "data");
        SseFrameEncoder.requireSingleLine("type", Objects.requireNonNull(type, "type"));
    }

    @Override
    public byte[] bytes() {
        return SseFrameEncoder.bytes(SseFrameEncoder.named(type, data));
    }
}
