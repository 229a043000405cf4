package dev.ssehub.urlpattern;

import java.util.HashSet;
import java.util.Set;

import dev.ssehub.urlpattern.UrlPatternException.Kind;

/**
 * Translates the regular expression of a {@code (regexp)} group, written in JavaScript syntax, to
 * RE2/J syntax with the same meaning, or refuses it.
 *
 * <p>The syntax is JavaScript's with the {@code u} flag, which urlpattern-polyfill and Node.js use
 * (the standard now says {@code v}; the {@code v}-only class syntax, nested classes and {@code --}
 * or {@code &&} set operations, is refused as the {@code u} flag refuses it, and the {@code u} forms
 * that {@code v} rejects, an unescaped {@code /} or {@code -} in a class, are accepted). Refused
 * because RE2 cannot run them in linear time: lookahead and lookbehind, back-references. Refused
 * to keep the translation small: {@code \p{...}} property escapes. Everything else is translated:
 * alternation, groups ({@code (?:...)}, and named groups, which capture nothing here), greedy and
 * lazy quantifiers (RE2 repeats at most 1000 times), classes, {@code ^ $ \b \B}, and the escapes.
 *
 * <p>The strings a component's expression is matched against are printable ASCII (the URL parser
 * percent-encodes or drops everything else), so JavaScript's {@code \s} and {@code .}, which differ
 * from RE2's only on other characters, are written as RE2 reads them where that is shorter.
 */
final class RegexpTranslator {

    /** What RE2/J accepts in {@code {n,m}}. */
    static final int MAX_REPEAT = 1000;

    private static final String SYNTAX_CHARACTERS = "^$\\.*+?()[]{}|/";
    /** JavaScript's {@code \s} outside a class: RE2's {@code \s} misses the vertical tab and Unicode spaces. */
    private static final String JS_SPACE = "\\s\\x0B\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

    private final String source;
    private final StringBuilder out = new StringBuilder();
    private final Set<String> groupNames = new HashSet<>();
    private int position;

    private RegexpTranslator(String source) {
        this.source = source;
    }

    /** A translation and an estimate of its RE2 program size, which counted repetition multiplies. */
    record Translation(String re2, long size) {
    }

    /**
     * Translates {@code source}, the text between the parentheses of a {@code (regexp)} group.
     *
     * @throws UrlPatternException with an index relative to {@code source}
     */
    static Translation translate(String source) throws UrlPatternException {
        RegexpTranslator translator = new RegexpTranslator(source);
        long size = translator.disjunction();
        if (translator.position < source.length()) {
            throw translator.invalid("unmatched ')'");
        }
        return new Translation(translator.out.toString(), size);
    }

    private int peek() {
        return position < source.length() ? source.charAt(position) : -1;
    }

    private int peek(int ahead) {
        return position + ahead < source.length() ? source.charAt(position + ahead) : -1;
    }

    private boolean lookingAt(String text) {
        return source.startsWith(text, position);
    }

    private long disjunction() throws UrlPatternException {
        long size = alternative();
        while (peek() == '|') {
            position++;
            out.append('|');
            size = saturatingAdd(size, saturatingAdd(alternative(), 1));
        }
        return size;
    }

    private long alternative() throws UrlPatternException {
        long size = 0;
        while (position < source.length() && peek() != '|' && peek() != ')') {
            size = saturatingAdd(size, term());
        }
        return size;
    }

    private static long saturatingAdd(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    private long term() throws UrlPatternException {
        int start = out.length();
        int c = peek();
        if (c == '^' || c == '$') {
            out.append((char) c);
            position++;
            return 1;
        }
        if (c == '\\' && (peek(1) == 'b' || peek(1) == 'B')) {
            out.append('\\').append((char) peek(1));
            position += 2;
            return 1;
        }
        if (lookingAt("(?=") || lookingAt("(?!") || lookingAt("(?<=") || lookingAt("(?<!")) {
            throw unsupported(lookingAt("(?<") ? "a lookbehind" : "a lookahead");
        }
        long size = atom();
        return quantifier(start, size);
    }

    private long atom() throws UrlPatternException {
        int c = peek();
        switch (c) {
            case '.':
                position++;
                out.append("[^\\n\\r\\x{2028}\\x{2029}]");
                return 1;
            case '(':
                return group();
            case '[':
                return characterClass();
            case '\\':
                position++;
                return atomEscape();
            case '*':
            case '+':
            case '?':
                throw invalid("'" + (char) c + "' has nothing to repeat");
            case '{':
                throw invalid("'{' must be escaped when it does not start a repetition {n,m} after something to repeat");
            case '}':
            case ']':
                throw invalid("'" + (char) c + "' must be escaped");
            default:
                position++;
                literal(c);
                return 1;
        }
    }

    private long group() throws UrlPatternException {
        int open = position;
        position++;
        if (peek() == '?') {
            if (peek(1) == ':') {
                position += 2;
            } else if (peek(1) == '<') {
                position += 2;
                int nameStart = position;
                while (peek() == '$' || peek() == '_' || (peek() >= 0 && Strings.isAsciiAlphanumeric(peek()))) {
                    position++;
                }
                String name = source.substring(nameStart, position);
                if (name.isEmpty() || Character.isDigit(name.charAt(0)) || peek() != '>') {
                    throw invalid("'(?<' must be followed by a group name and '>'");
                }
                if (!groupNames.add(name)) {
                    throw invalid("the group name '" + name + "' is used twice");
                }
                position++;
            } else {
                throw invalid("'(?" + (peek(1) < 0 ? "" : Character.toString(peek(1))) + "' is not a group JavaScript knows");
            }
        }
        out.append("(?:");
        long size = disjunction();
        if (peek() != ')') {
            position = open;
            throw invalid("the group has no closing ')'");
        }
        position++;
        out.append(')');
        return size;
    }

    private long quantifier(int start, long size) throws UrlPatternException {
        int c = peek();
        long min;
        long max;
        int quantifierStart = position;
        if (c == '*' || c == '+' || c == '?') {
            position++;
            min = c == '+' ? 1 : 0;
            max = c == '?' ? 1 : -1;
        } else if (c == '{') {
            position++;
            min = number();
            max = min;
            if (peek() == ',') {
                position++;
                max = peek() == '}' ? -1 : number();
            }
            if (min < 0 || peek() != '}') {
                position = quantifierStart;
                throw invalid("'{' must start a repetition {n}, {n,} or {n,m}, or be escaped");
            }
            position++;
            if (max >= 0 && max < min) {
                position = quantifierStart;
                throw invalid("the repetition {" + min + "," + max + "} has its numbers out of order");
            }
            if (Math.max(min, max) > MAX_REPEAT) {
                position = quantifierStart;
                throw new UrlPatternException(Kind.TOO_LARGE, "a repetition count is above " + MAX_REPEAT
                        + ", the most RE2/J repeats", quantifierStart);
            }
        } else {
            return size;
        }
        boolean lazy = peek() == '?';
        if (lazy) {
            position++;
        }
        out.insert(start, "(?:").append(')').append(source, quantifierStart, position);
        if (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{') {
            throw invalid("'" + (char) peek() + "' has nothing to repeat");
        }
        long copies = max < 0 ? Math.max(min, 1) + 1 : Math.max(max, 1);
        return size > (Long.MAX_VALUE - 2) / copies ? Long.MAX_VALUE : size * copies + 2;
    }

    private long number() {
        int start = position;
        while (peek() >= '0' && peek() <= '9') {
            position++;
        }
        if (position == start) {
            return -1;
        }
        String digits = source.substring(start, position);
        return digits.length() > 9 ? Integer.MAX_VALUE : Long.parseLong(digits);
    }

    private long atomEscape() throws UrlPatternException {
        int c = peek();
        if (c < 0) {
            throw invalid("'\\' at the end escapes nothing");
        }
        if (c >= '1' && c <= '9') {
            throw unsupported("a back-reference '\\" + (char) c + "'");
        }
        if (c == 'k') {
            throw unsupported("a back-reference '\\k<...>'");
        }
        switch (c) {
            case 'd':
            case 'D':
            case 'w':
            case 'W':
                position++;
                out.append('\\').append((char) c);
                return 1;
            case 's':
                position++;
                out.append('[').append(JS_SPACE).append(']');
                return 1;
            case 'S':
                position++;
                out.append("[^").append(JS_SPACE).append(']');
                return 1;
            default:
                literal(characterEscape(false));
                return 1;
        }
    }

    /** Reads the escape after a backslash that stands for one code point and returns it. */
    private int characterEscape(boolean inClass) throws UrlPatternException {
        int c = peek();
        position++;
        switch (c) {
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'v':
                return 0x0B;
            case 'c':
                if (Strings.isAsciiAlpha(peek())) {
                    return source.charAt(position++) % 32;
                }
                throw invalid("'\\c' must be followed by a letter");
            case '0':
                if (peek() >= '0' && peek() <= '9') {
                    throw invalid("octal escapes are not allowed");
                }
                return 0;
            case 'x':
                return hex(2);
            case 'u':
                return unicodeEscape();
            case 'p':
            case 'P':
                throw new UrlPatternException(Kind.UNSUPPORTED, "invalid regular expression: Unicode property escapes ('\\"
                        + (char) c + "{...}') are not supported here; URL components are ASCII, so a class such as [A-Za-z] says the same",
                        position - 2);
            default:
                if (SYNTAX_CHARACTERS.indexOf(c) >= 0 || (inClass && c == '-')) {
                    return c;
                }
                position--;
                throw invalid("'\\" + (char) c + "' is not an escape JavaScript knows (with the u flag)");
        }
    }

    private int hex(int digits) throws UrlPatternException {
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int digit = PercentEncoding.hex(peek());
            if (digit < 0) {
                throw invalid("a hex escape needs " + digits + " hex digits");
            }
            value = value * 16 + digit;
            position++;
        }
        return value;
    }

    private int unicodeEscape() throws UrlPatternException {
        if (peek() == '{') {
            position++;
            long value = 0;
            int start = position;
            while (PercentEncoding.hex(peek()) >= 0) {
                value = Math.min(value * 16 + PercentEncoding.hex(peek()), Integer.MAX_VALUE);
                position++;
            }
            if (position == start || peek() != '}' || value > Character.MAX_CODE_POINT) {
                throw invalid("'\\u{...}' needs a code point in hex");
            }
            position++;
            return (int) value;
        }
        int value = hex(4);
        if (Character.isHighSurrogate((char) value) && lookingAt("\\u")) {
            int save = position;
            position += 2;
            int low = PercentEncoding.hex(peek()) >= 0 ? hex(4) : -1;
            if (low >= 0 && Character.isLowSurrogate((char) low)) {
                return Character.toCodePoint((char) value, (char) low);
            }
            position = save;
        }
        return value;
    }

    private long characterClass() throws UrlPatternException {
        int open = position;
        position++;
        StringBuilder items = new StringBuilder();
        boolean negated = peek() == '^';
        if (negated) {
            position++;
        }
        while (peek() != ']') {
            if (peek() < 0) {
                position = open;
                throw invalid("the class '[' has no closing ']'");
            }
            int first = classAtom(items);
            if (peek() == '-' && peek(1) != ']' && peek(1) >= 0) {
                position++;
                int last = classAtom(items);
                if (first < 0 || last < 0) {
                    throw invalid("a class range must be between two characters, not a class like \\d");
                }
                if (last < first) {
                    throw invalid("the class range is out of order");
                }
                items.append(codePoint(first)).append('-').append(codePoint(last));
            } else if (first >= 0) {
                items.append(codePoint(first));
            }
        }
        position++;
        if (items.length() == 0) {
            out.append(negated ? "[\\x00-\\x{10FFFF}]" : "[^\\x00-\\x{10FFFF}]");
        } else {
            out.append(negated ? "[^" : "[").append(items).append(']');
        }
        return 1;
    }

    /**
     * Reads one class atom: returns its code point, or -1 after appending a class escape
     * ({@code \d}, ...) to {@code items} itself.
     */
    private int classAtom(StringBuilder items) throws UrlPatternException {
        int c = peek();
        position++;
        if (c != '\\') {
            return c;
        }
        int escaped = peek();
        switch (escaped) {
            case 'd':
            case 'D':
            case 'w':
            case 'W':
            case 's':
            case 'S':
                position++;
                items.append('\\').append((char) escaped);
                return -1;
            case 'b':
                position++;
                return 0x08;
            case -1:
                throw invalid("'\\' at the end escapes nothing");
            default:
                if (escaped >= '1' && escaped <= '9') {
                    throw invalid("'\\" + (char) escaped + "' is not allowed in a class");
                }
                return characterEscape(true);
        }
    }

    private void literal(int c) {
        out.append(codePoint(c));
    }

    private static String codePoint(int c) {
        if (Strings.isAsciiAlphanumeric(c)) {
            return Character.toString(c);
        }
        return "\\x{" + Integer.toHexString(c) + "}";
    }

    private UrlPatternException invalid(String problem) {
        return new UrlPatternException(Kind.INVALID, "invalid regular expression: " + problem, position);
    }

    private UrlPatternException unsupported(String feature) {
        return new UrlPatternException(Kind.UNSUPPORTED, "the regular expression uses " + feature
                + ", which is not supported: patterns are matched with RE2/J, in linear time, and it has no such feature",
                position);
    }
}
