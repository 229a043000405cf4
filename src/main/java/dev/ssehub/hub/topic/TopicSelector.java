package dev.ssehub.hub.topic;

import java.util.List;
import java.util.Objects;

import dev.ssehub.urlpattern.UrlPattern;
import dev.ssehub.urlpattern.UrlPatternException;
import dev.ssehub.urlpattern.UrlPatternLimits;

/**
 * A compiled topic {@link Matcher}: {@code *} matches every topic, an exact matcher the topic equal
 * to it, an RFC 6570 URI Template the topics it can expand to, and a WHATWG URL Pattern the topics
 * that, resolved against the hub's URL, it matches. A draft-07 selector is a URI Template when it
 * holds a {@code {}, else exact. Immutable and thread-safe.
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

    private final Matcher matcher;
    private final String value;
    private final UriTemplate template;
    private final UrlPattern urlPattern;
    private final String prefix;
    private final String suffix;

    private TopicSelector(Matcher matcher, UriTemplate template, UrlPattern urlPattern) {
        this.matcher = matcher;
        this.value = matcher.value();
        this.template = template;
        this.urlPattern = urlPattern;
        this.prefix = template == null ? "" : literalPrefix(value);
        this.suffix = template == null ? "" : literalSuffix(value);
    }

    /**
     * Compiles a draft-07 selector.
     *
     * @throws IllegalArgumentException if {@code value} looks like a URI Template but is not a
     *                                  valid one; the message says what is wrong
     */
    public static TopicSelector compile(String value) {
        return compile(Matcher.selector(value), null);
    }

    /**
     * Compiles {@code matcher}.
     *
     * @param baseUrl the hub's URL, against which URL patterns and the topics they are matched
     *                against are resolved when relative; {@code null}: relative ones never match
     * @throws IllegalArgumentException if it is not a valid matcher of its type (a malformed URI
     *                                  Template or URL Pattern, or one over the URL Pattern limits);
     *                                  the message says what is wrong
     */
    public static TopicSelector compile(Matcher matcher, String baseUrl) {
        Objects.requireNonNull(matcher, "matcher");
        String value = matcher.value();
        if (matcher.isAny()) {
            return new TopicSelector(matcher, null, null);
        }
        return switch (matcher.type()) {
            case SELECTOR, URI_TEMPLATE -> new TopicSelector(matcher, isTemplate(value) ? UriTemplate.compile(value) : null,
                    null);
            case EXACT -> new TopicSelector(matcher, null, null);
            case URL_PATTERN -> new TopicSelector(matcher, null, urlPattern(value, baseUrl));
        };
    }

    private static UrlPattern urlPattern(String value, String baseUrl) {
        try {
            return UrlPattern.compile(value, baseUrl, UrlPatternLimits.DEFAULT);
        } catch (UrlPatternException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether {@code value} would be read as a URI Template rather than an exact topic. */
    public static boolean isTemplate(String value) {
        return !ANY.equals(value) && value.indexOf('{') >= 0;
    }

    /** The selector's text as given. */
    public String value() {
        return value;
    }

    /** The matcher it was compiled from. */
    public Matcher matcher() {
        return matcher;
    }

    /**
     * What tells it apart from every other selector in an index: its text for an exact topic (an
     * exact matcher and a draft-07 exact selector select the same topic), its type and text for a
     * pattern.
     */
    public String key() {
        return isPattern() ? matcher.toString() : value;
    }

    /** Whether this selector matches exactly one topic, equal to {@link #value()}. */
    public boolean isExact() {
        return !isPattern() && !isAny();
    }

    /** Whether this is {@code *}. */
    public boolean isAny() {
        return matcher.isAny();
    }

    /** Whether this is a URI Template or a URL Pattern: a program runs to match it, no lookup finds it. */
    public boolean isPattern() {
        return template != null || urlPattern != null;
    }

    /**
     * What matching this selector against one character of a topic may cost, in instructions of
     * its compiled program(s): 0 for an exact topic or {@code *} (a hash lookup or nothing). The
     * hub's admission budgets add these up.
     */
    public int cost() {
        if (template != null) {
            return template.programSize();
        }
        return urlPattern == null ? 0 : urlPattern.cost();
    }

    /** Whether {@code topic} is selected. */
    public boolean matches(String topic) {
        if (template != null) {
            return topic.length() >= prefix.length() + suffix.length() && topic.startsWith(prefix)
                    && topic.endsWith(suffix) && template.matches(topic);
        }
        if (urlPattern != null) {
            return urlPattern.matches(topic);
        }
        return isAny() || value.equals(topic);
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
        return other instanceof TopicSelector selector && selector.matcher.equals(matcher);
    }

    @Override
    public int hashCode() {
        return matcher.hashCode();
    }

    @Override
    public String toString() {
        return matcher.toString();
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
