package dev.ssehub.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.hub.Update;
import dev.ssehub.hub.topic.TopicSelector;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;
import dev.ssehub.urlpattern.WhatwgUrl;

/**
 * Turns the fields of a publish request into an {@link Update}, or refuses them with a problem
 * that says what to change. Single-valued fields use their first value, as Mercure hubs do;
 * unknown fields are ignored.
 *
 * <p>Whatever the draft of the publisher's token, what the hub generates cannot be forged: no topic
 * may be {@code *} (the wildcard every matcher reads as "all topics") or lie under the hub's own
 * path (where its subscription events are), and no update may have the type {@code mercure} (the
 * type of draft-08 subscription events). Size limits answer 413.
 */
final class UpdateForm {

    private final int maxTopics;
    private final long maxDataBytes;
    private final String baseUrl;
    private final List<String> reservedPaths;

    /**
     * @param maxTopics     most topics per update
     * @param maxDataBytes  largest data, in UTF-8 bytes
     * @param baseUrl       the hub's URL, against which topics are resolved to find their path
     * @param reservedPaths the paths of the hub: no topic may name them or what lies under them
     */
    UpdateForm(int maxTopics, long maxDataBytes, String baseUrl, List<String> reservedPaths) {
        this.maxTopics = maxTopics;
        this.maxDataBytes = maxDataBytes;
        this.baseUrl = baseUrl;
        this.reservedPaths = List.copyOf(reservedPaths);
    }

    /** The update the fields describe; its id is {@code null} when the publisher gave none. */
    Update read(Map<String, List<String>> fields) {
        List<String> topics = fields.getOrDefault("topic", List.of());
        TopicList.Refusal refusal = TopicList.check(topics, maxTopics, TopicList.Kind.UPDATE);
        if (refusal != null) {
            throw refusal.overLimit() ? new ProblemException(ProblemType.UPDATE_TOO_LARGE, 413, refusal.detail())
                    : invalid(refusal.detail());
        }
        for (String topic : topics) {
            String characters = Update.characterProblem("topic", topic);
            if (characters != null) {
                throw invalid(characters);
            }
            if (TopicSelector.ANY.equals(topic)) {
                throw invalid("topic must not be '*': subscribers read it as the wildcard for every topic, so no "
                        + "matcher could select it alone");
            }
            String reserved = reservedPath(topic);
            if (reserved != null) {
                throw invalid("topic '" + abbreviate(topic) + "' lies under " + reserved + ", the hub's own path, where "
                        + "only the hub publishes (subscription events); use a topic of your application");
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
            if (type.equals(SubscriptionEvents.EVENT_TYPE)) {
                throw invalid("type must not be '" + SubscriptionEvents.EVENT_TYPE + "': subscribers trust events of "
                        + "that type to come from the hub itself (subscription events)");
            }
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

    /**
     * The hub path {@code topic} addresses, or {@code null}: the topic resolved against the hub's URL
     * as browsers resolve URLs, its path's dot-segments removed and its escaped unreserved
     * characters decoded, equals one of the hub's paths or lies under one, whatever its scheme and
     * host. A topic that is no URL addresses none.
     */
    private String reservedPath(String topic) {
        String path = WhatwgUrl.normalizedPath(topic, baseUrl);
        if (path == null) {
            return null;
        }
        for (String reserved : reservedPaths) {
            if (path.equals(reserved) || path.startsWith(reserved + "/")) {
                return reserved;
            }
        }
        return null;
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
