package dev.ssehub.protocol;

import java.util.List;

/**
 * The rules every list of topics a client sends must keep, the topics of an update as the
 * selectors of a subscription: at least one, at most {@code hub.max-topics}, none empty, none longer
 * than {@value #MAX_LENGTH} characters (each is matched against URI Templates, or is one).
 */
final class TopicList {

    /** Longest topic or topic selector accepted. */
    static final int MAX_LENGTH = 2048;

    /** What the list belongs to, in the words of the answers. */
    enum Kind {
        UPDATE("an update", "topics", "topic", "add one or more topic fields, e.g. topic=https://example.com/books/1",
                "use an IRI such as https://example.com/books/1"),
        SUBSCRIPTION("a subscription", "topic selectors", "a topic selector", "add one or more topic query "
                + "parameters, e.g. ?topic=https://example.com/books/{id} (a URI Template), an exact topic, or * for all",
                "use an IRI such as https://example.com/books/1, a URI Template, or * for all topics");

        private final String owner;
        private final String plural;
        private final String one;
        private final String howToAdd;
        private final String example;

        Kind(String owner, String plural, String one, String howToAdd, String example) {
            this.owner = owner;
            this.plural = plural;
            this.one = one;
            this.howToAdd = howToAdd;
            this.example = example;
        }
    }

    private TopicList() {
    }

    /**
     * What is wrong with a list.
     *
     * @param detail    for a person
     * @param overLimit whether the list is over a size limit (too many, too long) rather than malformed
     */
    record Refusal(String detail, boolean overLimit) {
    }

    /** What is wrong with {@code topics}, or {@code null} when nothing is. */
    static Refusal check(List<String> topics, int maxTopics, Kind kind) {
        if (topics.isEmpty()) {
            return new Refusal("topic is required: " + kind.howToAdd, false);
        }
        if (topics.size() > maxTopics) {
            return new Refusal(kind.owner + " may have at most " + maxTopics + " " + kind.plural + " (hub.max-topics); "
                    + "this one has " + topics.size(), true);
        }
        for (String topic : topics) {
            if (topic.isEmpty()) {
                return new Refusal(kind.one + " must not be empty; " + kind.example, false);
            }
            if (topic.length() > MAX_LENGTH) {
                return new Refusal(kind.one + " may have at most " + MAX_LENGTH + " characters; one has "
                        + topic.length(), true);
            }
        }
        return null;
    }
}
