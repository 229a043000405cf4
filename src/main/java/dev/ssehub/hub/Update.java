package dev.ssehub.hub;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An update of one or more topics, as a publisher sends it and subscribers receive it. Immutable
 * and thread-safe.
 *
 * <p>The constructor rejects an {@code id} or {@code type} that could not be written safely
 * ({@link #idProblem}, {@link #typeProblem}): CR, LF or NUL would let a publisher inject fields or
 * whole events into every stream, other control and invisible format characters would reach
 * headers ({@code Last-Event-ID}) and logs, and {@code earliest} means "all of the history" to a
 * reconnecting client. Rules that are about the protocol rather than the wire (an id starting
 * with {@code #}, topic counts, sizes) are checked where the update enters the hub.
 *
 * @param id            event id, or {@code null} before the hub assigns one; never empty
 * @param topics        the canonical topic first, then alternates; at least one, none {@code null}
 * @param data          payload, never {@code null}, may be empty or span several lines
 * @param type          SSE event name, or {@code null} for a default ({@code message}) event
 * @param retry         reconnection delay hint for clients, or {@code null} for none
 * @param privateUpdate whether only subscribers authorized for one of the topics may receive it
 */
public record Update(String id, List<String> topics, String data, String type, Duration retry,
        boolean privateUpdate) {

    /** Validates and copies the fields; throws {@link IllegalArgumentException} or {@link NullPointerException}. */
    public Update {
        topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one topic");
        }
        Objects.requireNonNull(data, "data");
        if (id != null) {
            if (id.isEmpty()) {
                throw new IllegalArgumentException("id must not be empty; use null to let the hub assign one");
            }
            requireNoProblem(idProblem(id));
        }
        if (type != null) {
            if (type.isEmpty()) {
                throw new IllegalArgumentException("type must not be empty; use null for a default event");
            }
            requireNoProblem(typeProblem(type));
        }
        if (retry != null && retry.isNegative()) {
            throw new IllegalArgumentException("retry must not be negative");
        }
    }

    /**
     * Why {@code id} cannot be an update's id, for a person; {@code null} if it can. Refused: the
     * reserved {@link Transport#EARLIEST}, and any C0 control (U+0000 to U+001F), U+007F, C1 control
     * (U+0080 to U+009F) or format character (Unicode category Cf, such as U+200B or U+202E).
     */
    public static String idProblem(String id) {
        if (Transport.EARLIEST.equals(id)) {
            return "id must not be '" + Transport.EARLIEST + "': reconnecting clients send it to ask for the whole history";
        }
        return characterProblem("id", id);
    }

    /** Why {@code type} cannot be an update's type, for a person; {@code null} if it can. Refused as in ids. */
    public static String typeProblem(String type) {
        return characterProblem("type", type);
    }

    /**
     * Why {@code value} cannot be sent, for a person, naming it {@code field}; {@code null} if it can.
     * Refused: any C0 control (U+0000 to U+001F), U+007F, C1 control (U+0080 to U+009F) or format
     * character (Unicode category Cf), which would break the stream or headers, or hide in them.
     */
    public static String characterProblem(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x1F || c >= 0x7F && c <= 0x9F || Character.getType(value.codePointAt(i)) == Character.FORMAT) {
                return field + " must not contain control or invisible format characters (found U+"
                        + String.format("%04X", value.codePointAt(i)) + " at index " + i + ")";
            }
        }
        return null;
    }

    private static void requireNoProblem(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A public default event on one topic, its id assigned by the hub. */
    public static Update of(String topic, String data) {
        return new Update(null, List.of(topic), data, null, null, false);
    }

    /** A public named event on one topic, its id assigned by the hub. */
    public static Update named(String topic, String type, String data) {
        return new Update(null, List.of(topic), data, type, null, false);
    }

    /** This update with the given id. */
    public Update withId(String newId) {
        return new Update(newId, topics, data, type, retry, privateUpdate);
    }

    /** The canonical topic: the first one. */
    public String topic() {
        return topics.get(0);
    }
}
