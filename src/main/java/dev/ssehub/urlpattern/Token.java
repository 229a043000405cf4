package dev.ssehub.urlpattern;

/** One token of a pattern string: its type, its index in the string and its value (see {@link Tokenizer}). */
record Token(Type type, int index, String value) {

    enum Type {
        /** An unescaped character with no meaning of its own. */
        CHAR,
        /** {@code \x}: the value is the escaped code point. */
        ESCAPED_CHAR,
        /** {@code :name}: the value is the name. */
        NAME,
        /** {@code (regexp)}: the value is what is between the parentheses. */
        REGEXP,
        ASTERISK,
        /** {@code ?} or {@code +}. */
        OTHER_MODIFIER,
        OPEN,
        CLOSE,
        /** What a lenient tokenizer makes of a character it cannot read; only the constructor string parser asks for it. */
        INVALID_CHAR,
        END
    }

    /** Whether this token is {@code c} as text: a char, an escaped char or an invalid char. */
    boolean isText(char c) {
        return value.length() == 1 && value.charAt(0) == c
                && (type == Type.CHAR || type == Type.ESCAPED_CHAR || type == Type.INVALID_CHAR);
    }
}
