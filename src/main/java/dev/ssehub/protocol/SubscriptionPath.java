package dev.ssehub.protocol;

import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

/**
 * What a request to the subscriptions API asks for, read from its raw path: every subscription,
 * those of one topic selector, or one subscriber's. The API authorizes {@link #canonical()}, which
 * is built from the decoded values it then serves, so no spelling of a path can make the check look
 * at one thing while another is served.
 *
 * @param topic      the decoded topic selector, or {@code null} for every subscription
 * @param subscriber the decoded subscriber id, or {@code null} for every subscriber of {@code topic}
 */
record SubscriptionPath(String topic, String subscriber) {

    /**
     * Reads {@code rawPath}, as the request line has it: {@code /.well-known/mercure/subscriptions},
     * then up to two segments, each one percent-encoded value.
     *
     * @throws ProblemException 400 for a path that is not one of those spelled plainly: an empty
     *                          segment (a trailing or doubled {@code /}), a dot-segment in any
     *                          spelling, path parameters ({@code ;}), a malformed escape, bytes
     *                          that are not UTF-8, a {@code /} in the subscriber; 404 for more segments
     */
    static SubscriptionPath parse(String rawPath) {
        if (!rawPath.startsWith(HubPaths.SUBSCRIPTIONS)) {
            throw invalid("the path must start with " + HubPaths.SUBSCRIPTIONS + " as sent");
        }
        String rest = rawPath.substring(HubPaths.SUBSCRIPTIONS.length());
        if (rest.isEmpty()) {
            return new SubscriptionPath(null, null);
        }
        if (rest.charAt(0) != '/') {
            throw notFound(rawPath);
        }
        String[] segments = rest.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw invalid("a segment is empty (a trailing or doubled '/'); percent-encode each value as one "
                        + "segment, e.g. " + HubPaths.SUBSCRIPTIONS + "/https%3A%2F%2Fexample.com%2Fbooks%2F1");
            }
        }
        if (segments.length > 2) {
            throw notFound(rawPath);
        }
        String topic = segment(segments[0], "topic selector");
        String subscriber = segments.length == 2 ? segment(segments[1], "subscriber") : null;
        if (subscriber != null && subscriber.indexOf('/') >= 0) {
            throw invalid("the subscriber segment holds a '/' (%2F); subscriber ids have none");
        }
        return new SubscriptionPath(topic, subscriber);
    }

    /** The path that names exactly what is served, with each value percent-encoded as the hub does. */
    String canonical() {
        if (topic == null) {
            return HubPaths.SUBSCRIPTIONS;
        }
        String topicPath = HubPaths.SUBSCRIPTIONS + "/" + SubscriptionEvents.percentEncode(topic);
        return subscriber == null ? topicPath : SubscriptionEvents.topic(topic, subscriber);
    }

    private static String segment(String raw, String what) {
        if (raw.indexOf(';') >= 0) {
            throw invalid("the " + what + " segment holds a ';'; percent-encode it as %3B");
        }
        String decoded = decode(raw, what);
        for (String part : decoded.split("/", -1)) {
            if (part.equals(".") || part.equals("..")) {
                throw invalid("the " + what + " holds the dot-segment '" + part + "'; such paths are refused");
            }
        }
        return decoded;
    }

    private static String decode(String raw, String what) {
        byte[] bytes = new byte[raw.length()];
        int length = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw invalid("the " + what + " segment has a malformed percent escape at index " + i);
                }
                bytes[length++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                throw invalid("the " + what + " segment holds a character that is not percent-encoded");
            }
        }
        byte[] exact = new byte[length];
        System.arraycopy(bytes, 0, exact, 0, length);
        String decoded = FormBody.strictUtf8(exact);
        if (decoded == null) {
            throw invalid("the " + what + " segment is not percent-encoded UTF-8");
        }
        return decoded;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, 400, "Invalid subscriptions path: " + detail);
    }

    private static ProblemException notFound(String rawPath) {
        return new ProblemException(ProblemType.NOT_FOUND, 404, "Nothing here; the subscriptions API serves "
                + HubPaths.SUBSCRIPTIONS + ", " + HubPaths.SUBSCRIPTIONS + "/{topic} and " + HubPaths.SUBSCRIPTIONS
                + "/{topic}/{subscriber}, each value percent-encoded as one segment");
    }
}
