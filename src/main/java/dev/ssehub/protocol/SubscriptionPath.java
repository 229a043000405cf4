package dev.ssehub.protocol;

import dev.ssehub.hub.Draft;
import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.hub.topic.Matcher;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

/**
 * What a request to the subscriptions API asks for, read from its raw path: every subscription,
 * those of one matcher, or one subscriber's. Draft-07 paths are
 * {@code /subscriptions[/{topic}[/{subscriber}]]}, draft-08 ones
 * {@code /subscriptions[/{match_type}/{match}[/{subscriber}]]}. The API authorizes
 * {@link #canonical()}, which is built from the decoded values it then serves, so no spelling of a
 * path can make the check look at one thing while another is served.
 *
 * @param matchType  the draft-08 match type, or {@code null} (draft-07, or every subscription)
 * @param topic      the decoded selector or matcher, or {@code null} for every subscription
 * @param subscriber the decoded subscriber id, or {@code null} for every subscriber of {@code topic}
 */
record SubscriptionPath(String matchType, String topic, String subscriber) {

    /**
     * Reads {@code rawPath}, as the request line has it: {@code /.well-known/mercure/subscriptions},
     * then the segments of {@code draft}, each one percent-encoded value.
     *
     * @throws ProblemException 400 for a path that is not one of those spelled plainly: an empty
     *                          segment (a trailing or doubled {@code /}), a dot-segment in any
     *                          spelling, path parameters ({@code ;}), a malformed escape, bytes
     *                          that are not UTF-8, a {@code /} in the subscriber; 404 for other
     *                          numbers of segments, or a match type the hub does not know
     */
    static SubscriptionPath parse(String rawPath, Draft draft) {
        if (!rawPath.startsWith(HubPaths.SUBSCRIPTIONS)) {
            throw invalid("the path must start with " + HubPaths.SUBSCRIPTIONS + " as sent");
        }
        String rest = rawPath.substring(HubPaths.SUBSCRIPTIONS.length());
        if (rest.isEmpty()) {
            return new SubscriptionPath(null, null, null);
        }
        if (rest.charAt(0) != '/') {
            throw notFound(rawPath, draft);
        }
        String[] segments = rest.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw invalid("a segment is empty (a trailing or doubled '/'); percent-encode each value as one "
                        + "segment, e.g. " + HubPaths.SUBSCRIPTIONS + "/https%3A%2F%2Fexample.com%2Fbooks%2F1");
            }
        }
        String matchType = null;
        int first = 0;
        if (draft == Draft.DRAFT08) {
            if (segments.length < 2 || segments.length > 3 || Matcher.Type.ofWireName(segments[0]) == null) {
                throw notFound(rawPath, draft);
            }
            matchType = segments[0];
            first = 1;
        } else if (segments.length > 2) {
            throw notFound(rawPath, draft);
        }
        String topic = segment(segments[first], draft == Draft.DRAFT08 ? "matcher" : "topic selector");
        String subscriber = segments.length == first + 2 ? segment(segments[first + 1], "subscriber") : null;
        if (subscriber != null && subscriber.indexOf('/') >= 0) {
            throw invalid("the subscriber segment holds a '/' (%2F); subscriber ids have none");
        }
        return new SubscriptionPath(matchType, topic, subscriber);
    }

    /** The path that names exactly what is served, with each value percent-encoded as the hub does. */
    String canonical() {
        if (topic == null) {
            return HubPaths.SUBSCRIPTIONS;
        }
        if (matchType != null) {
            return subscriber == null ? SubscriptionEvents.collectionPath(matchType, topic)
                    : SubscriptionEvents.topic(matchType, topic, subscriber);
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

    private static ProblemException notFound(String rawPath, Draft draft) {
        if (draft == Draft.DRAFT08) {
            return new ProblemException(ProblemType.NOT_FOUND, 404, "Nothing here; with a draft-08 token the "
                    + "subscriptions API serves " + HubPaths.SUBSCRIPTIONS + ", " + HubPaths.SUBSCRIPTIONS
                    + "/{match_type}/{match} and " + HubPaths.SUBSCRIPTIONS + "/{match_type}/{match}/{subscriber} "
                    + "(match_type exact, urlpattern or uritemplate), each value percent-encoded as one segment");
        }
        return new ProblemException(ProblemType.NOT_FOUND, 404, "Nothing here; with a draft-07 token the subscriptions "
                + "API serves " + HubPaths.SUBSCRIPTIONS + ", " + HubPaths.SUBSCRIPTIONS + "/{topic} and "
                + HubPaths.SUBSCRIPTIONS + "/{topic}/{subscriber}, each value percent-encoded as one segment");
    }
}
