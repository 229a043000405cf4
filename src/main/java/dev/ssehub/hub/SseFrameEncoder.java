package dev.ssehub.hub;

import java.nio.charset.StandardCharsets;

/**
 * Encodes frames in the {@code text/event-stream} format of the WHATWG HTML standard. Stateless
 * and thread-safe.
 *
 * <p>Data is split on every line terminator the format knows (CRLF, LF, CR) into one
 * {@code data:} line each, so a client reassembles it with LF between lines. Every field value is
 * written after a single space, so a value that itself starts with a space survives the parser's
 * removal of one leading space. We write our own encoder rather than rely on the JAX-RS one because
 * the hub encodes each update once for all subscribers (see {@link Envelope#bytes()}), and because a CRLF in data must stay one
 * line break, not two.
 */
public final class SseFrameEncoder {

    private SseFrameEncoder() {
    }

    /**
     * Returns {@code value} if it holds no CR, LF or NUL; otherwise throws
     * {@link IllegalArgumentException} naming {@code field}. Such characters in an id, event name
     * or comment would end the field early and let the rest be read as new fields.
     */
    public static String requireSingleLine(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(
                        field + " must not contain CR, LF or NUL (found U+" + String.format("%04X", (int) c)
                                + " at index " + i + ")");
            }
        }
        return value;
    }

    /** The frame as UTF-8 bytes, ready to write to a stream. */
    public static byte[] encodeToBytes(Frame frame) {
        return encode(frame).getBytes(StandardCharsets.UTF_8);
    }

    /** The update as UTF-8 bytes, ready to write to a stream. */
    public static byte[] encodeToBytes(Update update) {
        return encode(update).getBytes(StandardCharsets.UTF_8);
    }

    /** The frame as text: fields of an event end with a blank line, a comment is a single line. */
    public static String encode(Frame frame) {
        if (frame instanceof Comment comment) {
            return ": " + comment.text() + "\n";
        }
        if (frame instanceof RetryHint hint) {
            return "retry: " + hint.millis() + "\n: " + hint.reason() + "\n\n";
        }
        if (frame instanceof Notice notice) {
            StringBuilder out = new StringBuilder(notice.data().length() + 32);
            out.append("event: ").append(notice.type()).append('\n');
            appendData(out, notice.data());
            return out.append('\n').toString();
        }
        return encode(((Envelope) frame).update());
    }

    /**
     * The update as an event: {@code id}, then {@code event} and {@code retry} when set, then one
     * {@code data} line per line of data, then a blank line.
     *
     * @throws IllegalArgumentException if the update has no id yet
     */
    public static String encode(Update update) {
        if (update.id() == null) {
            throw new IllegalArgumentException("the update has no id yet");
        }
        StringBuilder out = new StringBuilder(update.data().length() + 64);
        out.append("id: ").append(update.id()).append('\n');
        if (update.type() != null) {
            out.append("event: ").append(update.type()).append('\n');
        }
        if (update.retry() != null) {
            out.append("retry: ").append(update.retry().toMillis()).append('\n');
        }
        appendData(out, update.data());
        return out.append('\n').toString();
    }

    private static void appendData(StringBuilder out, String data) {
        int lineStart = 0;
        int i = 0;
        while (i < data.length()) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append("data: ").append(data, lineStart, i).append('\n');
                i += (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') ? 2 : 1;
                lineStart = i;
            } else {
                i++;
            }
        }
        out.append("data: ").append(data, lineStart, data.length()).append('\n');
    }
}
