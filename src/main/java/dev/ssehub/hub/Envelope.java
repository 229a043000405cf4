package dev.ssehub.hub;

import java.util.Objects;

import dev.ssehub.hub.sse.Frame;
import dev.ssehub.hub.sse.SseFrameEncoder;

/**
 * An update as a transport delivers it: with its place in the transport's order and the time it
 * was stored. Its SSE frame is encoded at most once however many subscribers receive it.
 * Thread-safe.
 */
public final class Envelope implements Frame {

    private final Update update;
    private final Position position;
    private final long storedAtMillis;
    // Benign race: two threads may both encode, and both results are equal.
    private byte[] frame;

    /**
     * @param update         the update, with its id assigned
     * @param position       its place in the transport's order, or {@code null} for an update that
     *                       only this node delivers and no history keeps
     * @param storedAtMillis when the transport accepted it, in epoch milliseconds
     */
    public Envelope(Update update, Position position, long storedAtMillis) {
        this.update = Objects.requireNonNull(update, "update");
        if (update.id() == null) {
            throw new IllegalArgumentException("a stored update has an id");
        }
        this.position = position;
        this.storedAtMillis = storedAtMillis;
    }

    /** The update, never {@code null}. */
    public Update update() {
        return update;
    }

    /** Its id, as subscribers see it. */
    public String id() {
        return update.id();
    }

    /** Its place in the transport's order; {@code null} for a node-local update. */
    public Position position() {
        return position;
    }

    /** When the transport accepted it, in epoch milliseconds. */
    public long storedAtMillis() {
        return storedAtMillis;
    }

    @Override
    public byte[] bytes() {
        byte[] encoded = frame;
        if (encoded == null) {
            encoded = SseFrameEncoder.bytes(encode(update));
            frame = encoded;
        }
        return encoded;
    }

    /**
     * {@code update} as an SSE event.
     *
     * @throws IllegalArgumentException if it has no id yet
     */
    public static String encode(Update update) {
        if (update.id() == null) {
            throw new IllegalArgumentException("the update has no id yet");
        }
        return SseFrameEncoder.event(update.id(), update.type(), update.retry() == null ? -1 : update.retry().toMillis(),
                update.data());
    }

    @Override
    public String toString() {
        return "Envelope[" + update.id() + " at " + position + "]";
    }
}
