package dev.ssehub.urlpattern;

import java.util.List;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.ssehub.urlpattern.Part.Modifier;
import dev.ssehub.urlpattern.UrlPatternException.Kind;

/**
 * One component of a URL pattern compiled to an RE2/J expression that the whole component value
 * must match, built as the URL Pattern Standard's "generate a regular expression" builds it (with
 * non-capturing groups, since only whether it matches is asked). Immutable and thread-safe.
 */
final class ComponentPattern {

    /** JavaScript's {@code .}: anything but a line terminator. */
    private static final String ANY_BUT_NEWLINE = "[^\\n\\r\\x{2028}\\x{2029}]";

    private final String source;
    private final Pattern pattern;
    private final boolean matchesEverything;
    private final int partCount;
    private final long sizeEstimate;

    private ComponentPattern(String source, Pattern pattern, boolean matchesEverything, int partCount, long sizeEstimate) {
        this.source = source;
        this.pattern = pattern;
        this.matchesEverything = matchesEverything;
        this.partCount = partCount;
        this.sizeEstimate = sizeEstimate;
    }

    /**
     * Translates {@code parts} to RE2/J and compiles them, unless their estimated program size is so
     * large that compiling alone would be costly (the caller then refuses the pattern).
     */
    static ComponentPattern compile(Component component, String source, List<Part> parts, PatternParser.Options options)
            throws UrlPatternException {
        StringBuilder re2 = new StringBuilder();
        long size = 0;
        for (Part part : parts) {
            if (part.type() == Part.Type.FIXED_TEXT) {
                String text = quote(part.value());
                re2.append(part.modifier() == Modifier.NONE ? text : "(?:" + text + ")" + part.modifier().symbol);
                size += part.value().length() + 1;
                continue;
            }
            String value;
            if (part.type() == Part.Type.SEGMENT_WILDCARD) {
                value = options.delimiter().isEmpty() ? "(?s:.+?)" : "(?:[^" + quote(options.delimiter()) + "]+?)";
                size += 3;
            } else if (part.type() == Part.Type.FULL_WILDCARD) {
                value = "(?:" + ANY_BUT_NEWLINE + "*)";
                size += 3;
            } else {
                RegexpTranslator.Translation translation;
                try {
                    translation = RegexpTranslator.translate(part.value());
                } catch (UrlPatternException e) {
                    // The expression starts after the '(' at the part's index, or after the prefix.
                    int start = source.indexOf("(" + part.value() + ")", part.index());
                    throw new UrlPatternException(e.kind(), e.getMessage(), start < 0 ? part.index() : start + 1 + e.index());
                }
                value = "(?:" + translation.re2() + ")";
                size += translation.size();
            }
            size += group(re2, part, value);
        }
        if (size > Integer.MAX_VALUE) {
            size = Integer.MAX_VALUE;
        }
        boolean everything = parts.size() == 1 && parts.get(0).type() == Part.Type.FULL_WILDCARD
                && parts.get(0).modifier() == Modifier.NONE && parts.get(0).prefix().isEmpty()
                && parts.get(0).suffix().isEmpty();
        return new ComponentPattern(source, null, everything, parts.size(), size).withRegexp(re2.toString(), component);
    }

    private ComponentPattern withRegexp(String re2, Component component) throws UrlPatternException {
        if (sizeEstimate > (long) UrlPattern.COMPILE_GUARD) {
            return this;
        }
        try {
            return new ComponentPattern(source, Pattern.compile(re2), matchesEverything, partCount, sizeEstimate);
        } catch (PatternSyntaxException e) {
            throw new UrlPatternException(Kind.INVALID, "the " + component.label()
                    + " does not make a valid regular expression: " + e.getDescription(), -1);
        }
    }

    /** Appends the expression of a group part and returns the size it adds besides its value. */
    private static long group(StringBuilder re2, Part part, String value) {
        String modifier = part.modifier().symbol;
        String prefix = quote(part.prefix());
        String suffix = quote(part.suffix());
        boolean repeated = part.modifier() == Modifier.ZERO_OR_MORE || part.modifier() == Modifier.ONE_OR_MORE;
        if (prefix.isEmpty() && suffix.isEmpty()) {
            re2.append(value).append(modifier);
            return 2;
        }
        if (!repeated) {
            re2.append("(?:").append(prefix).append(value).append(suffix).append(')').append(modifier);
            return part.prefix().length() + part.suffix().length() + 2;
        }
        re2.append("(?:").append(prefix).append(value).append("(?:").append(suffix).append(prefix).append(value)
                .append(")*").append(suffix).append(')');
        if (part.modifier() == Modifier.ZERO_OR_MORE) {
            re2.append('?');
        }
        return 2L * (part.prefix().length() + part.suffix().length()) + 4;
    }

    /** {@code text} as an RE2 expression that matches exactly it. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Strings.isAsciiAlphanumeric(c)) {
                out.appendCodePoint(c);
            } else if (c < 0x80 && c > 0x20) {
                out.append('\\').append((char) c);
            } else {
                out.append("\\x{").append(Integer.toHexString(c)).append('}');
            }
        });
        return out.toString();
    }

    /** Whether the component value {@code value} matches. */
    boolean matches(String value) {
        return matchesEverything || pattern.matcher(value).matches();
    }

    /** Whether this (protocol) component matches one of the special schemes. */
    boolean matchesSpecialScheme() {
        return Component.SPECIAL_SCHEMES.stream().anyMatch(this::matches);
    }

    /** Whether compiling was skipped because the estimated program size is past {@link UrlPattern#COMPILE_GUARD}. */
    boolean tooLarge() {
        return pattern == null;
    }

    int programSize() {
        return pattern == null ? (int) sizeEstimate : pattern.programSize();
    }

    /** The component's pattern string, after the base URL and defaults filled it in. */
    String source() {
        return source;
    }

    int partCount() {
        return partCount;
    }
}
