package dev.ssehub.hub;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A topic selector of the Mercure protocol: {@code *} matches every topic, a string without
 * {@code {} matches the topic equal to it, and any other string is an RFC 6570 URI Template that
 * matches the topics it can expand to. Immutable and thread-safe.
 */
public final class TopicSelector {

    /** The selector that matches every topic. */
    public static final String ANY = "*";

    // Many subscribers ask for the same few selectors: compile each once. Bounded, since the
    // strings come from clients; when full it starts over rather than tracking recency.
    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, TopicSelector> CACHE = new ConcurrentHashMap<>();

    private final String value;
    private final UriTemplate template;

    private TopicSelector(String value, UriTemplate template) {
        this.value = value;
        this.template = template;
    }

    /**
     * The selector for {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} looks like a URI Template but is not a
     *                                  valid one; the message says what is wrong
     */
    public static TopicSelector of(String value) {
        Objects.requireNonNull(value, "value");
        TopicSelector cached = CACHE.get(value);
        if (cached != null) {
            return cached;
        }
        TopicSelector compiled = new TopicSelector(value, isTemplate(value) ? UriTemplate.compile(value) : null);
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(value, compiled);
        return compiled;
    }

    /**
     * The selector for {@code value}, or {@code null} if it is a malformed URI Template: for
     * selectors in tokens, where a bad one should grant nothing rather than refuse the token.
     */
    public static TopicSelector ofOrNull(String value) {
        try {
            return of(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
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

    /** Whether {@code topic} is selected. */
    public boolean matches(String topic) {
        if (template != null) {
            return template.matches(topic);
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
}
