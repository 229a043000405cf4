package dev.ssehub.hub.topic;

import java.util.Objects;

/**
 * A topic matcher as a client or a token wrote it: its type and its text, before compiling (see
 * {@link TopicSelector#compile(Matcher, String)}). Two matchers are the same subscription when both
 * are equal. Immutable.
 *
 * @param type  how {@code value} is read
 * @param value the text, never {@code null}; {@code *} matches every topic whatever the type
 */
public record Matcher(Type type, String value) {

    /** How a matcher's text is read. */
    public enum Type {
        /**
         * A draft-07 topic selector ({@code topic=}, {@code mercure.subscribe}): {@code *}, a URI
         * Template when it holds a {@code {}, else an exact topic.
         */
        SELECTOR(null),
        /** Draft-08 {@code match=} / {@code match_exact=}: the topic equal to the text, byte for byte. */
        EXACT("exact"),
        /** Draft-08 {@code match_urlpattern=}: a WHATWG URL Pattern, resolved against the hub's URL. */
        URL_PATTERN("urlpattern"),
        /**
         * {@code match_uritemplate=}, an sse-hub extension to draft-08: an RFC 6570 URI Template, as
         * draft-07 selectors are, so that clients can move to draft-08 and keep their templates.
         */
        URI_TEMPLATE("uritemplate");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /**
         * The draft-08 name: the suffix of {@code match_<name>} and the value of {@code match_type};
         * {@code null} for {@link #SELECTOR}, which draft-08 has no name for.
         */
        public String wireName() {
            return wireName;
        }

        /** The draft-08 type of {@code wireName} (case-sensitive), or {@code null} if the hub supports none by that name. */
        public static Type ofWireName(String wireName) {
            for (Type type : values()) {
                if (type.wireName != null && type.wireName.equals(wireName)) {
                    return type;
                }
            }
            return null;
        }
    }

    /** Validates. */
    public Matcher {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** A draft-07 selector. */
    public static Matcher selector(String value) {
        return new Matcher(Type.SELECTOR, value);
    }

    /** A draft-08 exact matcher. */
    public static Matcher exact(String value) {
        return new Matcher(Type.EXACT, value);
    }

    /** Whether this is the wildcard {@code *}, which matches every topic whatever its type. */
    public boolean isAny() {
        return TopicSelector.ANY.equals(value);
    }

    /**
     * The draft-08 {@code match_type} of this matcher as subscription documents name it: a draft-07
     * selector is {@code uritemplate} when it is a template, else {@code exact}.
     */
    public String matchType() {
        if (type != Type.SELECTOR) {
            return type.wireName();
        }
        return TopicSelector.isTemplate(value) ? Type.URI_TEMPLATE.wireName() : Type.EXACT.wireName();
    }

    @Override
    public String toString() {
        return type == Type.SELECTOR ? value : type.wireName() + ":" + value;
    }
}
