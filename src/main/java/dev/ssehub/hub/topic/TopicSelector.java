package dev.ssehub.hub.topic;

import java.util.List;
import java.util.Objects;

/**
 * A topic selector of the Mercure protocol: {@code *} matches every topic, a string without
 * {@code {} matches the topic equal to it, and any other string is an RFC 6570 URI Template that
 * matches the topics it can expand to. Immutable and thread-safe.
 *
 * <p>Compiling a template costs far more than matching it, and selectors come from clients: get
 * them from a {@link SelectorCache} rather than {@link #compile} where the same strings recur.
 *
 * <p>Before its regular expression runs, a template is checked against its literal prefix and
 * suffix (the ASCII text before its first and after its last expression), so that a template such
 * as {@code https://example.com/books/{id}} costs a {@code startsWith} for most topics.
 */
public final class TopicSelector {

    /** The selector that matches every topic. */
    public static final String ANY = "*";

    private final String value;
    private final UriTemplate template;
    private final String prefix;
    private final String suffix;

    private TopicSelector(String value, UriTemplate template) {
        this.value = value;
        this.template = template;
        this.prefix = template == null ? "" : literalPrefix(value);
        this.suffix = template == null ? "" : literalSuffix(value);
    }

    /**
     * Compiles {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} looks like a URI Template but is not a
     *                                  valid one; the message says what is wrong
     */
    public static TopicSelector compile(String value) {
        Objects.requireNonNull(value, "value");
        return new TopicSelector(value, isTemplate(value) ? UriTemplate.compile(value) : null);
    }

    /** Whether {@code value} would be read as a URI Template rather than an exact topic. */
    public static boolean isTemplate(String value) {
        return !ANY.equals(value) && value.indexOf('{') >= 0;
    }

    /** The selector as given. */
    public String value() {
        return value;
    }

    /** Whether this selector matches exactly one topic, equal to {@link #value()}. */
    public boolean isExact() {
        return template == null && !ANY.equals(value);
    }

    /** Whether this is {@code *}. */
    public boolean isAny() {
        return ANY.equals(value);
    }

    /** Whether this is a URI Template. */
    public boolean isTemplate() {
        return template != null;
    }

    /**
     * What matching this selector against one character of a topic may cost, in instructions of
     * its compiled program: 0 for an exact topic or {@code *} (a hash lookup or nothing). The hub's
     * admission budgets add these up.
     */
    public int cost() {
        return template == null ? 0 : template.programSize();
    }

    /** Whether {@code topic} is selected. */
    public boolean matches(String topic) {
        if (template != null) {
            return topic.length() >= prefix.length() + suffix.length() && topic.startsWith(prefix)
                    && topic.endsWith(suffix) && template.matches(topic);
        }
        return ANY.equals(value) || value.equals(topic);
    }

    /** Whether any of {@code topics} is selected. */
    public boolean matchesAny(List<String> topics) {
        // Indexed: this runs per subscriber per update, where an iterator would be garbage.
        for (int i = 0; i < topics.size(); i++) {
            if (matches(topics.get(i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicSelector selector && selector.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    // An ASCII literal (a pct-encoded triplet included) matches only itself, as written; a non-ASCII
    // literal also matches its percent-encoding, so the pre-filter stops there.
    private static String literalPrefix(String template) {
        int end = template.indexOf('{');
        for (int i = 0; i < end; i++) {
            if (template.charAt(i) >= 0x80) {
                return template.substring(0, i);
            }
        }
        return template.substring(0, end);
    }

    private static String literalSuffix(String template) {
        int start = template.lastIndexOf('}') + 1;
        for (int i = template.length() - 1; i >= start; i--) {
            if (template.charAt(i) >= 0x80) {
                return template.substring(i + 1);
            }
        }
        return template.substring(start);
    }
}
