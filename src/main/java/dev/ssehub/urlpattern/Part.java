package dev.ssehub.urlpattern;

/**
 * One part of a parsed pattern string: fixed text, or a group (a segment wildcard {@code :name}, a
 * full wildcard {@code *} or a regular expression) with a fixed prefix and suffix, each with a modifier.
 *
 * @param value the fixed text (canonicalized) or the regular expression; "" for the wildcards
 * @param prefix canonicalized fixed text before the group, repeated with it
 * @param suffix canonicalized fixed text after the group, repeated with it
 * @param index where the part starts in the component's pattern string
 */
record Part(Type type, String value, Modifier modifier, String prefix, String suffix, int index) {

    enum Type { FIXED_TEXT, SEGMENT_WILDCARD, FULL_WILDCARD, REGEXP }

    enum Modifier {
        NONE(""), OPTIONAL("?"), ZERO_OR_MORE("*"), ONE_OR_MORE("+");

        final String symbol;

        Modifier(String symbol) {
            this.symbol = symbol;
        }
    }
}
