package dev.ssehub.urlpattern;

import java.util.ArrayList;
import java.util.List;

import dev.ssehub.urlpattern.Token.Type;
import dev.ssehub.urlpattern.UrlPatternException.Kind;

/**
 * Splits a pattern string into tokens, as the URL Pattern Standard's tokenizer does: {@code *},
 * {@code ?} and {@code +}, {@code \x}, {@code {} and {@code }}, {@code :name} (an identifier),
 * {@code (regexp)} (balanced, ASCII, without capturing groups) and plain characters. A strict
 * tokenizer refuses what it cannot read; a lenient one (used to split a constructor string into
 * components, which are then tokenized strictly) makes it an {@link Type#INVALID_CHAR} token.
 */
final class Tokenizer {

    private final String input;
    private final boolean strict;
    private final List<Token> tokens = new ArrayList<>();
    private int index;

    private Tokenizer(String input, boolean strict) {
        this.input = input;
        this.strict = strict;
    }

    /** The tokens of {@code input}, ending with an {@link Type#END} token. */
    static List<Token> tokenize(String input, boolean strict) throws UrlPatternException {
        return new Tokenizer(input, strict).run();
    }

    private List<Token> run() throws UrlPatternException {
        while (index < input.length()) {
            int c = input.codePointAt(index);
            int next = index + Character.charCount(c);
            switch (c) {
                case '*':
                    add(Type.ASTERISK, next, index, next);
                    break;
                case '+':
                case '?':
                    add(Type.OTHER_MODIFIER, next, index, next);
                    break;
                case '\\':
                    escape(next);
                    break;
                case '{':
                    add(Type.OPEN, next, index, next);
                    break;
                case '}':
                    add(Type.CLOSE, next, index, next);
                    break;
                case ':':
                    name(next);
                    break;
                case '(':
                    regexp(next);
                    break;
                default:
                    add(Type.CHAR, next, index, next);
                    break;
            }
        }
        tokens.add(new Token(Type.END, index, ""));
        return tokens;
    }

    /** Adds a token with the value {@code input[valueStart, valueEnd)} and continues at {@code next}. */
    private void add(Type type, int next, int valueStart, int valueEnd) {
        tokens.add(new Token(type, index, input.substring(valueStart, valueEnd)));
        index = next;
    }

    private void error(String problem, int next) throws UrlPatternException {
        if (strict) {
            throw new UrlPatternException(Kind.INVALID, problem, index);
        }
        add(Type.INVALID_CHAR, next, index, next);
    }

    private void escape(int next) throws UrlPatternException {
        if (next >= input.length()) {
            error("a backslash at the end escapes nothing", next);
            return;
        }
        int escapedEnd = next + Character.charCount(input.codePointAt(next));
        add(Type.ESCAPED_CHAR, escapedEnd, next, escapedEnd);
    }

    private void name(int start) throws UrlPatternException {
        int position = start;
        while (position < input.length()) {
            int c = input.codePointAt(position);
            if (!isNameCodePoint(c, position == start)) {
                break;
            }
            position += Character.charCount(c);
        }
        if (position == start) {
            error("':' starts a named group but no name follows (write '\\:' for a colon)", start);
            return;
        }
        add(Type.NAME, position, start, position);
    }

    /** Whether {@code c} may be in a group name: a JavaScript identifier (ID_Start, ID_Continue, $, _). */
    static boolean isNameCodePoint(int c, boolean first) {
        if (c == '$' || c == '_') {
            return true;
        }
        if (first) {
            return Character.isUnicodeIdentifierStart(c) && !Character.isIdentifierIgnorable(c);
        }
        return c == 0x200C || c == 0x200D
                || (Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
    }

    private void regexp(int start) throws UrlPatternException {
        int depth = 1;
        int position = start;
        while (position < input.length()) {
            char c = input.charAt(position);
            if (c > 0x7F) {
                error("a regular expression may only contain ASCII, this one contains '"
                        + Character.toString(input.codePointAt(position)) + "' (write it as \\u" + String.format("%04X", (int) c) + ")",
                        start);
                return;
            }
            if (position == start && c == '?') {
                error("a regular expression group may not start with '?'", start);
                return;
            }
            if (c == '\\') {
                if (position == input.length() - 1) {
                    error("a regular expression ends with a backslash that escapes nothing", start);
                    return;
                }
                if (input.charAt(position + 1) > 0x7F) {
                    error("a regular expression may only contain ASCII, this one escapes a non-ASCII character", start);
                    return;
                }
                position += 2;
                continue;
            }
            if (c == ')') {
                depth--;
                if (depth == 0) {
                    position++;
                    break;
                }
            } else if (c == '(') {
                depth++;
                if (position == input.length() - 1 || input.charAt(position + 1) != '?') {
                    error("a regular expression may not contain a capturing group '(' (write '(?:' instead)", start);
                    return;
                }
            }
            position++;
        }
        if (depth != 0) {
            error("a regular expression has no closing ')'", start);
            return;
        }
        if (position - start - 1 == 0) {
            error("'()' is an empty regular expression", start);
            return;
        }
        add(Type.REGEXP, position, start, position - 1);
    }
}
