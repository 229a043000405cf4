package dev.ssehub.hub.sse;

import java.util.Objects;

/**
 * An SSE comment line ({@code : text}); clients ignore it, proxies see traffic. Immutable.
 *
 * @param text the comment, never {@code null}, without CR, LF or NUL
 */
public record Comment(String text) implements Frame {

    /** The heartbeat comment sent to a stream that has been silent for the heartbeat period. */
    public static final Comment KEEP_ALIVE = new Comment("keep-alive");

    private static final byte[] KEEP_ALIVE_BYTES = SseFrameEncoder.bytes(SseFrameEncoder.comment(KEEP_ALIVE.text));

    /** Validates the text; throws {@link IllegalArgumentException} on a line break or NUL. */
    public Comment {
        Objects.requireNonNull(text, "text");
        SseFrameEncoder.requireSingleLine("comment", text);
    }

    @Override
    public byte[] bytes() {
        // The heartbeat goes to many streams: encode it once.
        return text.equals(KEEP_ALIVE.text) ? KEEP_ALIVE_BYTES : SseFrameEncoder.bytes(SseFrameEncoder.comment(text));
    }
}
