package dev.ssehub.hub.sse;

import java.nio.charset.StandardCharsets;

/**
 * Encodes frames in the {@code text/event-stream} format of the WHATWG HTML standard. Stateless
 * and thread-safe.
 *
 * <p>Data is split on every line terminator the format knows (CRLF, LF, CR) into one
 * {@code data:} line each, so a client reassembles it with LF between lines. Every field value is
 * written after a single space, so a value that itself starts with a space survives the parser's
 * removal of one leading space. We write our own encoder rather than rely on the JAX-RS one because
 * the hub encodes each update once for all subscribers, and because a CRLF in data must stay one
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

    /** The frame as text, for logs and tests: its bytes decoded as UTF-8. */
    public static String text(Frame frame) {
        return new String(frame.bytes(), StandardCharsets.UTF_8);
    }

    /** A comment line: {@code : text}. */
    public static String comment(String text) {
        return ": " + text + "\n";
    }

    /** A {@code retry} field on its own with a comment after it, then the blank line that ends the block. */
    public static String retry(long millis, String reason) {
        return "retry: " + millis + "\n: " + reason + "\n\n";
    }

    /** A named event without id, such as a notice: {@code event}, then its data. */
    public static String named(String type, String data) {
        StringBuilder out = new StringBuilder(data.length() + 32);
        out.append("event: ").append(type).append('\n');
        appendData(out, data);
        return out.append('\n').toString();
    }

    /**
     * An event: {@code id}, then {@code event} and {@code retry} when given, then one {@code data}
     * line per line of data, then a blank line.
     *
     * @param id          the event id, never {@code null}
     * @param type        the event name, or {@code null} for a default event
     * @param retryMillis the reconnection delay, or a negative number for none
     * @param data        the data, never {@code null}
     */
    public static String event(String id, String type, long retryMillis, String data) {
        StringBuilder out = new StringBuilder(data.length() + 64);
        out.append("id: ").append(id).append('\n');
        if (type != null) {
            out.append("event: ").append(type).append('\n');
        }
        if (retryMillis >= 0) {
            out.append("retry: ").append(retryMillis).append('\n');
        }
        appendData(out, data);
        return out.append('\n').toString();
    }

    /** {@code text} as UTF-8 bytes, ready to write to a stream. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
