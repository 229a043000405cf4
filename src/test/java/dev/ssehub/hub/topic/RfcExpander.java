package dev.ssehub.hub.topic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A plain RFC 6570 expander, written from section 3 of the RFC, that the property tests use as the
 * oracle for {@link UriTemplate#matches}. Stateless and thread-safe. It expects a valid template
 * (it does not validate) and values that are absent or {@code null} (undefined), a
 * {@link String}, a {@link List} of strings or a {@link Map} of strings to strings, in which
 * {@code null} members and values are undefined.
 *
 * <p>Where the RFC leaves room it follows section 3 rather than the non-normative appendix A:
 * names of exploded associative arrays are encoded like values, and an exploded pair with an
 * empty value is written as its bare name unless the operator is {@code ?} or {@code &}. A prefix
 * of a {@code +} or {@code #} value counts a pct-encoded character (one to four triplets forming
 * one UTF-8 character) as one character, since section 3.2.1 counts characters "of the decoded
 * value". A list without defined members is undefined, as the RFC says of associative arrays.
 */
final class RfcExpander {

    private record Operator(String first, String separator, boolean named, String ifEmpty, boolean allowsReserved) {
    }

    private static final Map<Character, Operator> OPERATORS = Map.of(
            '+', new Operator("", ",", false, "", true),
            '#', new Operator("#", ",", false, "", true),
            '.', new Operator(".", ".", false, "", false),
            '/', new Operator("/", "/", false, "", false),
            ';', new Operator(";", ";", true, "", false),
            '?', new Operator("?", "&", true, "=", false),
            '&', new Operator("&", "&", true, "=", false));
    private static final Operator SIMPLE = new Operator("", ",", false, "", false);

    private RfcExpander() {
    }

    /** The expansion of {@code template} with {@code values}; throws if a prefix meets a composite value. */
    static String expand(String template, Map<String, ?> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int c = template.codePointAt(i);
            if (c == '{') {
                int close = template.indexOf('}', i);
                expandExpression(template.substring(i + 1, close), values, out);
                i = close + 1;
            } else if (c == '%') {
                // A pct-encoded triplet of the template is copied as it is (section 3.1).
                out.append(template, i, i + 3);
                i += 3;
            } else {
                // Other literals are copied if allowed in a URI, pct-encoded otherwise (section 3.1).
                out.append(isUnreserved(c) || isReserved(c) ? Character.toString(c) : pctEncode(c));
                i += Character.charCount(c);
            }
        }
        return out.toString();
    }

    private static void expandExpression(String expression, Map<String, ?> values, StringBuilder out) {
        Operator operator = OPERATORS.get(expression.charAt(0));
        String list = operator == null ? expression : expression.substring(1);
        if (operator == null) {
            operator = SIMPLE;
        }
        boolean first = true;
        for (String varspec : list.split(",")) {
            boolean explode = varspec.endsWith("*");
            int colon = varspec.indexOf(':');
            String name = explode ? varspec.substring(0, varspec.length() - 1)
                    : colon >= 0 ? varspec.substring(0, colon) : varspec;
            int prefix = colon >= 0 ? Integer.parseInt(varspec.substring(colon + 1)) : 0;
            Object value = defined(values.get(name));
            if (value == null) {
                continue;
            }
            out.append(first ? operator.first() : operator.separator());
            first = false;
            expandVariable(operator, name, prefix, explode, value, out);
        }
    }

    /** The value without undefined members, or null if the variable counts as undefined (section 2.3). */
    private static Object defined(Object value) {
        if (value instanceof List<?> list) {
            List<String> members = new ArrayList<>();
            list.stream().filter(Objects::nonNull).forEach(m -> members.add((String) m));
            return members.isEmpty() ? null : members;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> pairs = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    pairs.put((String) k, (String) v);
                }
            });
            return pairs.isEmpty() ? null : pairs;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static void expandVariable(Operator op, String name, int prefix, boolean explode, Object value,
            StringBuilder out) {
        if (value instanceof String string) {
            // Sections 3.2.1 and 3.2.7 to 3.2.9: explode has no effect on a string.
            String s = prefix > 0 ? prefix(string, prefix, op.allowsReserved()) : string;
            if (op.named()) {
                out.append(name).append(s.isEmpty() ? op.ifEmpty() : "=");
            }
            out.append(encode(s, op.allowsReserved()));
            return;
        }
        if (prefix > 0) {
            throw new IllegalArgumentException("prefix modifiers are not applicable to composite values: " + name);
        }
        if (!explode) {
            // A comma-separated list of members or of name,value pairs, after name= for named operators.
            if (op.named()) {
                out.append(name).append('=');
            }
            StringJoiner joined = new StringJoiner(",");
            if (value instanceof List<?> list) {
                ((List<String>) list).forEach(m -> joined.add(encode(m, op.allowsReserved())));
            } else {
                ((Map<String, String>) value).forEach((k, v) ->
                        joined.add(encode(k, op.allowsReserved()) + "," + encode(v, op.allowsReserved())));
            }
            out.append(joined);
            return;
        }
        StringJoiner joined = new StringJoiner(op.separator());
        if (value instanceof List<?> list) {
            for (String member : (List<String>) list) {
                if (op.named()) {
                    // Section 3.2.1: as if an associative array pairing each member with the varname.
                    joined.add(name + (member.isEmpty() ? op.ifEmpty() : "=" + encode(member, op.allowsReserved())));
                } else {
                    joined.add(encode(member, op.allowsReserved()));
                }
            }
        } else {
            for (Map.Entry<String, String> pair : ((Map<String, String>) value).entrySet()) {
                String k = encode(pair.getKey(), op.allowsReserved());
                String v = pair.getValue();
                boolean formStyle = op.ifEmpty().equals("=");
                joined.add(k + (v.isEmpty() && !formStyle ? "" : "=" + encode(v, op.allowsReserved())));
            }
        }
        out.append(joined);
    }

    /** The first {@code length} characters, a pct-encoded character counting as one for {@code +} and {@code #}. */
    private static String prefix(String value, int length, boolean allowsReserved) {
        int end = 0;
        for (int count = 0; count < length && end < value.length(); count++) {
            end += characterLength(value, end, allowsReserved);
        }
        return value.substring(0, end);
    }

    private static int characterLength(String value, int at, boolean allowsReserved) {
        if (!allowsReserved || !isTriplet(value, at)) {
            return Character.charCount(value.codePointAt(at));
        }
        int lead = Integer.parseInt(value.substring(at + 1, at + 3), 16);
        int octets = lead >= 0xF0 && lead <= 0xF7 ? 4 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xC0 && lead <= 0xDF ? 2 : 1;
        for (int k = 1; k < octets; k++) {
            int next = at + 3 * k;
            if (!isTriplet(value, next) || (Integer.parseInt(value.substring(next + 1, next + 3), 16) & 0xC0) != 0x80) {
                return 3;
            }
        }
        return 3 * octets;
    }

    private static String encode(String value, boolean allowsReserved) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int c = value.codePointAt(i);
            if (allowsReserved && c == '%' && isTriplet(value, i)) {
                out.append(value, i, i + 3);
                i += 3;
                continue;
            }
            out.append(isUnreserved(c) || (allowsReserved && isReserved(c)) ? Character.toString(c) : pctEncode(c));
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static boolean isTriplet(String s, int at) {
        return at + 2 < s.length() && s.charAt(at) == '%' && isHex(s.charAt(at + 1)) && isHex(s.charAt(at + 2));
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    private static String pctEncode(int c) {
        StringBuilder out = new StringBuilder();
        for (byte b : Character.toString(c).getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%%%02X", b & 0xFF));
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isReserved(int c) {
        return c < 0x80 && ":/?#[]@!$&'()*+,;=".indexOf(c) >= 0;
    }
}
