package dev.ssehub.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ssehub.hub.Update;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

/**
 * Turns the fields of a publish request into an {@link Update}, or refuses them with a problem
 * that says what to change. Single-valued fields use their first value, as Mercure hubs do;
 * unknown fields are ignored.
 */
final class UpdateForm {

    private final int maxTopics;
    private final long maxDataBytes;

    /**
     * @param maxTopics    most topics per update
     * @param maxDataBytes largest data, in UTF-8 bytes
     */
    UpdateForm(int maxTopics, long maxDataBytes) {
        this.maxTopics = maxTopics;
        this.maxDataBytes = maxDataBytes;
    }

    /** The update the fields describe; its id is {@code null} when the publisher gave none. */
    Update read(Map<String, List<String>> fields) {
        List<String> topics = fields.getOrDefault("topic", List.of());
        String problem = TopicList.problem(topics, maxTopics, TopicList.Kind.UPDATE);
        if (problem != null) {
            throw invalid(problem);
        }
        for (String topic : topics) {
            int control = firstControl(topic);
            if (control >= 0) {
                throw invalid("topic must not contain control characters (found U+"
                        + String.format("%04X", (int) topic.charAt(control)) + " at index " + control + ")");
            }
        }
        String data = first(fields, "data", "");
        long size = utf8Length(data);
        if (size > maxDataBytes) {
            throw new ProblemException(ProblemType.UPDATE_TOO_LARGE, 413, "data is " + size
                    + " bytes; this hub accepts at most " + maxDataBytes + " bytes per update (hub.max-update-size)");
        }
        String id = emptyToNull(first(fields, "id", null));
        if (id != null) {
            if (id.startsWith("#")) {
                throw invalid("id must not start with '#': such ids are reserved for the hub; omit id to get a "
                        + "generated urn:uuid one");
            }
            requireValid(Update.idProblem(id));
        }
        String type = emptyToNull(first(fields, "type", null));
        if (type != null) {
            requireValid(Update.typeProblem(type));
        }
        Duration retry = retry(first(fields, "retry", null));
        return new Update(id, topics, data, type, retry, fields.containsKey("private"));
    }

    private static Duration retry(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9') || value.length() > 12) {
            throw invalid("retry must be a non-negative integer number of milliseconds, e.g. retry=5000; got '"
                    + abbreviate(value) + "'");
        }
        return Duration.ofMillis(Long.parseLong(value));
    }

    private static void requireValid(String problem) {
        if (problem != null) {
            throw invalid(problem + "; such characters would break the event stream or the headers of reconnecting "
                    + "clients");
        }
    }

    private static int firstControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes of {@code value} in UTF-8, counted without encoding it (a surrogate pair makes 4). */
    static long utf8Length(String value) {
        long bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static String first(Map<String, List<String>> fields, String name, String fallback) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_UPDATE, 400, detail);
    }
}
