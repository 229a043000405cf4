package dev.ssehub.hub.topic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.google.re2j.Pattern;

/**
 * An RFC 6570 URI Template (levels 1 to 4) used as a Mercure topic selector: {@link #matches}
 * tells whether a URI is one the template can expand to. Immutable and thread-safe; no method
 * accepts or returns {@code null}.
 *
 * <p>{@code matches(uri)} is true when there are values for the template's variables (each
 * undefined, a string, a list of strings or an associative array of strings) whose expansion by
 * RFC 6570 section 3 is exactly {@code uri}: compared character for character, case-sensitive,
 * with no decoding or normalisation of either side. So {@code {id}} matches {@code a,b} (a list)
 * but not {@code a/b}, and {@code {?q}} matches {@code ?q=1} or the empty string but not {@code q=1}.
 *
 * <p>The template is translated into one regular expression and matched with RE2/J, whose running
 * time is linear in the length of the URI whatever the template: templates come from untrusted
 * clients, and a backtracking engine would let one of them stall the hub. The translation accepts
 * every URI the RFC allows; in these cases it also accepts some that the RFC does not, because
 * the exact rule needs context a regular expression cannot express, or would make the expression
 * several times larger:
 * <ul>
 * <li>A variable that occurs more than once is matched as if each occurrence were a different
 *     variable: {@code {x}/{x}} matches {@code a/b}. The RFC keeps one value per variable, which
 *     would need back-references; RE2 has none because they defeat linear-time matching.
 * <li>Where an expansion may contain a pct-encoded triplet, any triplet is accepted, with hex
 *     digits in either case, even ones no expander writes: {@code %41} (an expander writes
 *     {@code A}), {@code %2f}, or {@code %FF} (not UTF-8).
 * <li>A prefix {@code :n} counts as one character either one allowed character or a run of one
 *     to four triplets (one UTF-8 encoded character), so {@code {x:1}} accepts
 *     {@code %20%20%20%20}, which needs four characters. Where one encoded character ends is only
 *     known after decoding.
 * <li>A non-ASCII literal character (the RFC allows them so that a template can be an IRI
 *     template) matches itself as well as its UTF-8 pct-encoding, which is what RFC 6570
 *     section 3.1 expands it to: Mercure topics are IRIs and often carry the character itself.
 * <li>Where the RFC reads two ways, both are accepted: an exploded associative array member with
 *     an empty value expands in {@code {x*}}, {@code {.x*}} and {@code {/x*}} to {@code name}
 *     (section 3.2.1) or {@code name=} (appendix A); and {@code {;x}} with a composite value whose
 *     members are all empty may give {@code ;x} or {@code ;x=}.
 * </ul>
 * Choices that keep matching narrow:
 * <ul>
 * <li>A variable with a prefix modifier is only a string or undefined: section 2.4.1 says
 *     prefixes are "not applicable to variables that have composite values".
 * <li>The names of an exploded associative array are encoded like its values, as section 3.2.1
 *     says, not like literals as appendix A suggests for {@code ;}, {@code ?} and {@code &}: so
 *     {@code {?x*}} does not match {@code ?a/b=1}.
 * <li>A list with no defined member counts as undefined, as the RFC says of associative arrays;
 *     so {@code {?x*}} does not match a lone {@code ?}.
 * <li>Characters that are not unreserved (or, for {@code +} and {@code #}, reserved) are always
 *     pct-encoded in values, so a variable never matches raw non-ASCII: {@code /{name}} does not
 *     match {@code /café}, only {@code /caf%C3%A9}.
 * </ul>
 *
 * <p>{@link #compile} throws {@link IllegalArgumentException}, naming the problem and its
 * (UTF-16) index in the template, for a template that is malformed or exceeds the limits below.
 * Linear time is not the whole story: the work per character of the URI grows with the number of
 * variables that can be matching at once, and compiling grows with the size of the expression.
 * Without limits a 2 KB template with a thousand variables compiles for seconds and then takes most
 * of a second per match on a 4 KB topic. Within them the compiled program stays under 32 000
 * instructions (the largest come from long runs of non-ASCII literals, which are cheap to match
 * but take tens of milliseconds to compile; typical selectors compile in well under one).
 */
final class UriTemplate {

    /** Longest template accepted, in UTF-16 chars. */
    static final int MAX_LENGTH = 2048;
    /** Most expressions ({@code {...}}) in one template. */
    static final int MAX_EXPRESSIONS = 64;
    /** Most variables, over all expressions of one template. */
    static final int MAX_VARIABLES = 64;
    /** Largest sum of the prefix lengths ({@code :n}) in one template: RE2 copies a sub-expression per character. */
    static final int MAX_PREFIX_TOTAL = 256;

    private final String template;
    private final Pattern pattern;

    private UriTemplate(String template, Pattern pattern) {
        this.template = template;
        this.pattern = pattern;
    }

    /**
     * Parses and compiles {@code template}.
     *
     * @throws IllegalArgumentException if the template is not an RFC 6570 template or exceeds a limit
     * @throws NullPointerException if {@code template} is null
     */
    static UriTemplate compile(String template) {
        Objects.requireNonNull(template, "template");
        if (template.length() > MAX_LENGTH) {
            throw invalid("it is " + template.length() + " characters long, at most " + MAX_LENGTH + " are allowed");
        }
        return new UriTemplate(template, Pattern.compile(new Translator(template).translate()));
    }

    /**
     * Whether some values of the variables expand the template to exactly {@code uri}.
     *
     * @throws NullPointerException if {@code uri} is null
     */
    boolean matches(String uri) {
        Objects.requireNonNull(uri, "uri");
        return pattern.matcher(uri).matches();
    }

    /** The template as given to {@link #compile}. */
    String template() {
        return template;
    }

    /** Size of the compiled program, which bounds the work per character of a matched URI. */
    int programSize() {
        return pattern.programSize();
    }

    @Override
    public String toString() {
        return template;
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("Invalid URI template: " + problem);
    }

    /** The expression types of RFC 6570 appendix A, with what each expansion may contain. */
    private enum Operator {
        SIMPLE("", ",", false, "", false),
        RESERVED("", ",", false, "", true),
        FRAGMENT("#", ",", false, "", true),
        LABEL(".", ".", false, "", false),
        PATH("/", "/", false, "", false),
        PATH_PARAMETER(";", ";", true, "", false),
        QUERY("?", "&", true, "=", false),
        QUERY_CONTINUATION("&", "&", true, "=", false);

        final String first;
        final String separator;
        final boolean named;
        final String ifEmpty;
        final boolean allowsReserved;

        Operator(String first, String separator, boolean named, String ifEmpty, boolean allowsReserved) {
            this.first = first;
            this.separator = separator;
            this.named = named;
            this.ifEmpty = ifEmpty;
            this.allowsReserved = allowsReserved;
        }

        static Operator of(char c) {
            return switch (c) {
                case '+' -> RESERVED;
                case '#' -> FRAGMENT;
                case '.' -> LABEL;
                case '/' -> PATH;
                case ';' -> PATH_PARAMETER;
                case '?' -> QUERY;
                case '&' -> QUERY_CONTINUATION;
                default -> null;
            };
        }
    }

    /** One variable of an expression: its name as written, its prefix length (0 for none) and explode flag. */
    private record VarSpec(String name, int prefix, boolean explode) {
    }

    /** Validates a template and writes its regular expression in one pass; single use, not thread-safe. */
    private static final class Translator {

        // Character classes (without brackets) of RFC 3986 unreserved and reserved characters.
        private static final String UNRESERVED = "A-Za-z0-9\\-._~";
        private static final String RESERVED = ":/?#\\[\\]@!$&'()*+,;=";
        private static final String TRIPLET = "%[0-9A-Fa-f]{2}";
        private static final String RESERVED_OPERATORS = "=,!@|";

        private final String template;
        private final StringBuilder regex = new StringBuilder();
        private int index;
        private int expressions;
        private int variables;
        private int prefixTotal;

        Translator(String template) {
            this.template = template;
        }

        String translate() {
            while (index < template.length()) {
                char c = template.charAt(index);
                if (c == '{') {
                    expression();
                } else if (c == '}') {
                    throw invalid("'}' at index " + index + " closes no expression; a literal '}' must be written %7D");
                } else {
                    literal();
                }
            }
            return regex.toString();
        }

        private void literal() {
            int c = template.codePointAt(index);
            if (c == '%') {
                if (!isTriplet(index)) {
                    throw invalid("'%' at index " + index
                            + " must start a pct-encoded triplet such as %2F; a literal '%' must be written %25");
                }
                // A triplet written in the template is copied as written (RFC 6570 section 3.1), so its case matters.
                appendQuoted(template.substring(index, index + 3));
                index += 3;
            } else if (isLiteralAscii(c)) {
                appendQuoted(c);
                index++;
            } else if (isUcschar(c) || isIprivate(c)) {
                // (?i:...) rather than a [Xx] class per hex digit: RE2/J compiles long runs of those much slower.
                regex.append("(?:");
                appendQuoted(c);
                regex.append("|(?i:").append(pctEncode(c)).append("))");
                index += Character.charCount(c);
            } else {
                throw invalid(describe(c) + " at index " + index + " is not allowed in a URI template"
                        + (isSurrogate(c) ? "" : "; write it pct-encoded as " + pctEncode(c)));
            }
        }

        private void expression() {
            int open = index;
            if (++expressions > MAX_EXPRESSIONS) {
                throw invalid("more than " + MAX_EXPRESSIONS + " expressions; the one at index " + open + " is one too many");
            }
            index++;
            if (index == template.length()) {
                throw unclosed(open);
            }
            char c = template.charAt(index);
            if (c == '}') {
                throw invalid("empty expression '{}' at index " + open);
            }
            if (RESERVED_OPERATORS.indexOf(c) >= 0) {
                throw invalid("operator '" + c + "' at index " + index
                        + " is reserved by RFC 6570 for future extensions and not supported");
            }
            Operator operator = Operator.of(c);
            if (operator == null) {
                operator = Operator.SIMPLE;
            } else {
                index++;
            }
            List<VarSpec> specs = new ArrayList<>();
            while (true) {
                specs.add(varspec(open));
                if (index == template.length()) {
                    throw unclosed(open);
                }
                c = template.charAt(index);
                index++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    index--;
                    throw invalid("expected ',' or '}' at index " + index + " in the expression opened at index " + open
                            + ", found " + describeAt(index) + hintAfterVarspec(c));
                }
            }
            appendExpression(operator, specs);
        }

        private static String hintAfterVarspec(char c) {
            if (c == '{') {
                return "; expressions cannot be nested";
            }
            if (c == '*' || c == ':') {
                return "; a variable takes one modifier, a prefix or an explode, not both";
            }
            return "; a variable name holds only letters, digits, '_', '.' and pct-encoded triplets";
        }

        private VarSpec varspec(int open) {
            int start = index;
            boolean needVarchar = true;
            while (index < template.length()) {
                char c = template.charAt(index);
                if (isVarchar(c)) {
                    index++;
                } else if (c == '%') {
                    if (!isTriplet(index)) {
                        throw invalid("'%' at index " + index + " in a variable name must start a pct-encoded triplet such as %2F");
                    }
                    index += 3;
                } else if (c == '.' && !needVarchar) {
                    index++;
                    needVarchar = true;
                    continue;
                } else {
                    break;
                }
                needVarchar = false;
            }
            if (needVarchar) {
                if (index == template.length()) {
                    throw unclosed(open);
                }
                throw invalid((index == start ? "expected a variable name" : "a variable name cannot end with '.' or hold '..'")
                        + ": expected a letter, digit, '_' or %XX at index " + index + ", found " + describeAt(index));
            }
            String name = template.substring(start, index);
            int prefix = 0;
            boolean explode = false;
            if (index < template.length() && template.charAt(index) == ':') {
                int colon = index++;
                while (index < template.length() && isDigit(template.charAt(index))) {
                    index++;
                }
                String digits = template.substring(colon + 1, index);
                if (digits.isEmpty() || digits.charAt(0) == '0' || digits.length() > 4) {
                    throw invalid("prefix ':" + digits + "' at index " + colon
                            + " must be a number from 1 to 9999 without leading zeros");
                }
                prefix = Integer.parseInt(digits);
                prefixTotal += prefix;
                if (prefixTotal > MAX_PREFIX_TOTAL) {
                    throw invalid("prefix ':" + digits + "' at index " + colon + " brings the template's prefix lengths to "
                            + prefixTotal + ", at most " + MAX_PREFIX_TOTAL + " are allowed in total");
                }
            } else if (index < template.length() && template.charAt(index) == '*') {
                explode = true;
                index++;
            }
            if (++variables > MAX_VARIABLES) {
                throw invalid("more than " + MAX_VARIABLES + " variables; the one at index " + start + " is one too many");
            }
            return new VarSpec(name, prefix, explode);
        }

        /**
         * An expression expands to nothing, or to the first string followed by the expansions of some
         * of its variables, in order, joined by the separator.
         */
        private void appendExpression(Operator operator, List<VarSpec> specs) {
            List<String> bodies = new ArrayList<>(specs.size());
            for (VarSpec spec : specs) {
                bodies.add(body(operator, spec));
            }
            String separator = quote(operator.separator);
            if (operator.first.equals(operator.separator)) {
                // Every defined variable is preceded by the same string: (?:S B1)?(?:S B2)?...
                for (String body : bodies) {
                    regex.append("(?:").append(separator).append(body).append(")?");
                }
                return;
            }
            // The first defined variable gets no separator. With W(j) for "some of variables j..k, in
            // order, joined by S", W(k) = Bk and W(j) = (?:(?:Bj S)?W(j+1)|Bj), which stays linear in k
            // where listing each choice of first variable would be quadratic.
            regex.append("(?:").append(quote(operator.first));
            int last = bodies.size() - 1;
            for (int j = 0; j < last; j++) {
                regex.append("(?:(?:").append(bodies.get(j)).append(separator).append(")?");
            }
            regex.append(bodies.get(last));
            for (int j = last - 1; j >= 0; j--) {
                regex.append('|').append(bodies.get(j)).append(')');
            }
            regex.append(")?");
        }

        /** What one defined variable expands to, after the first string or separator. */
        private static String body(Operator operator, VarSpec spec) {
            String allowed = "[" + UNRESERVED + (operator.allowsReserved ? RESERVED : "") + "]";
            String encoded = "(?:" + allowed + "|" + TRIPLET + ")*";
            String name = quote(spec.name());
            if (spec.prefix() > 0) {
                // A string of at most n characters; a character is an allowed one or one UTF-8 encoded as triplets.
                String unit = "(?:" + allowed + "|(?:" + TRIPLET + "){1,4})";
                if (!operator.named) {
                    return unit + "{0," + spec.prefix() + "}";
                }
                if (operator.ifEmpty.isEmpty()) {
                    return name + "(?:=" + unit + "{1," + spec.prefix() + "})?";
                }
                return name + "=" + unit + "{0," + spec.prefix() + "}";
            }
            if (!spec.explode()) {
                // A string, or list members or name,value pairs joined by ','.
                String joined = operator.allowsReserved ? encoded : "(?:[" + UNRESERVED + ",]|" + TRIPLET + ")*";
                if (!operator.named) {
                    return joined;
                }
                if (operator.ifEmpty.isEmpty()) {
                    return name + "(?:=" + joined + ")?";
                }
                return name + "=" + joined;
            }
            if (operator.allowsReserved) {
                // Members, name=value pairs and the ',' between them are all within the allowed characters.
                return encoded;
            }
            // Members or pairs joined by the separator. Unnamed, a member is a string and a pair is
            // name=value, or name alone when the value is empty. Named, each is name=value, the name
            // being the variable's or the pair's, or name alone for ';' when the value is empty. An
            // associative array may hold any names, so a name is any encoded string.
            String item;
            if (!operator.named || operator.ifEmpty.isEmpty()) {
                item = encoded + "(?:=" + encoded + ")?";
            } else {
                item = encoded + "=" + encoded;
            }
            return item + "(?:" + quote(operator.separator) + item + ")*";
        }

        private boolean isTriplet(int at) {
            return at + 2 < template.length() && isHex(template.charAt(at + 1)) && isHex(template.charAt(at + 2));
        }

        private String describeAt(int at) {
            return at >= template.length() ? "the end of the template" : describe(template.codePointAt(at));
        }

        private IllegalArgumentException unclosed(int open) {
            return invalid("unclosed expression: '{' at index " + open + " has no matching '}'");
        }

        private void appendQuoted(String s) {
            s.codePoints().forEach(this::appendQuoted);
        }

        private void appendQuoted(int c) {
            if (c < 0x80 && !isAlphanumeric(c)) {
                // RE2 reads a backslash before any ASCII punctuation as that character itself.
                regex.append('\\');
            }
            regex.appendCodePoint(c);
        }

        private static String quote(String s) {
            StringBuilder out = new StringBuilder(s.length() * 2);
            s.codePoints().forEach(c -> {
                if (c < 0x80 && !isAlphanumeric(c)) {
                    out.append('\\');
                }
                out.appendCodePoint(c);
            });
            return out.toString();
        }

        private static String pctEncode(int c) {
            StringBuilder out = new StringBuilder();
            for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            return out.toString();
        }

        private static String describe(int c) {
            String code = String.format("U+%04X", c);
            if (isSurrogate(c)) {
                return "unpaired surrogate " + code;
            }
            if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
                return "control character " + code;
            }
            if (c == ' ') {
                return "space (U+0020)";
            }
            return "'" + new String(Character.toChars(c)) + "' (" + code + ")";
        }

        private static boolean isSurrogate(int c) {
            return c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
        }

        private static boolean isAlphanumeric(int c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c);
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isHex(char c) {
            return isDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
        }

        private static boolean isVarchar(char c) {
            return isAlphanumeric(c) || c == '_';
        }

        /** The ASCII part of RFC 6570's {@code literals} rule, without '%' (handled as triplets). */
        private static boolean isLiteralAscii(int c) {
            return c == 0x21 || c == 0x23 || c == 0x24 || c == 0x26 || (c >= 0x28 && c <= 0x3B) || c == 0x3D
                    || (c >= 0x3F && c <= 0x5B) || c == 0x5D || c == 0x5F || (c >= 0x61 && c <= 0x7A) || c == 0x7E;
        }

        private static boolean isUcschar(int c) {
            if (c >= 0xA0 && c <= 0xD7FF || c >= 0xF900 && c <= 0xFDCF || c >= 0xFDF0 && c <= 0xFFEF) {
                return true;
            }
            // Planes 1 to 13 except their last two code points, and plane 14 from U+E1000.
            int plane = c >> 16;
            int low = c & 0xFFFF;
            return plane >= 1 && plane <= 14 && low <= 0xFFFD && (plane != 14 || low >= 0x1000);
        }

        private static boolean isIprivate(int c) {
            return c >= 0xE000 && c <= 0xF8FF || c >= 0xF0000 && c <= 0xFFFFD || c >= 0x100000 && c <= 0x10FFFD;
        }
    }
}
