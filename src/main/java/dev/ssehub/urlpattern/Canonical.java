package dev.ssehub.urlpattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.ssehub.urlpattern.UrlPatternException.Kind;

/**
 * The canonicalization of fixed text in each component of a pattern, so that it compares equal to
 * the same text in a parsed URL: the URL Pattern Standard runs each run of fixed text through the
 * URL parser's state for that component, and so does this, with {@link UrlParser}'s rules and sets.
 * Each method throws where the URL parser would fail.
 */
final class Canonical {

    private Canonical() {
    }

    /** Lower case; refused unless the text could start a URL's scheme. */
    static String protocol(String value) throws UrlPatternException {
        if (value.isEmpty()) {
            return value;
        }
        UrlParser.Parts parsed = UrlParser.parse(value + "://dummy.invalid/", null);
        if (parsed == null) {
            throw invalid("'" + value + "' cannot be (part of) a URL scheme, which is a letter followed by letters, "
                    + "digits, '+', '-' or '.'");
        }
        return parsed.scheme;
    }

    /** Percent-encoded as a URL's username or password is. */
    static String userinfo(String value) {
        return PercentEncoding.USERINFO.encode(withoutTabsAndNewlines(value));
    }

    /**
     * Parsed as the host of a special URL (IDNA, IPv4), as the {@code hostname} setter of an
     * {@code https:} URL does. Text with a character that would end the host ({@code : / ? # \})
     * is refused, where the standard's setter would silently drop what follows it.
     */
    static String hostname(String value) throws UrlPatternException {
        if (value.isEmpty()) {
            return value;
        }
        String text = withoutTabsAndNewlines(value);
        for (int i = 0; i < text.length(); i++) {
            if (":/?#\\".indexOf(text.charAt(i)) >= 0) {
                throw invalid("a hostname cannot contain '" + text.charAt(i) + "'"
                        + (text.charAt(i) == ':' ? " (an IPv6 address is written in brackets)" : ""));
            }
        }
        String host = Hosts.parse(text, true);
        if (host == null) {
            throw invalid("'" + value + "' is not valid in a hostname");
        }
        return host;
    }

    /** Lower case; refused unless made of hex digits, ':', '[' and ']'. */
    static String ipv6Hostname(String value) throws UrlPatternException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (PercentEncoding.hex(c) < 0 && c != ':' && c != '[' && c != ']') {
                throw invalid("'" + value + "' is not valid in an IPv6 address, which has hex digits, ':', '[' and ']'");
            }
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** The number in decimal without leading zeros (what follows the digits is ignored, as by the URL parser). */
    static String port(String value) throws UrlPatternException {
        if (value.isEmpty()) {
            return value;
        }
        String text = withoutTabsAndNewlines(value);
        int end = 0;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        int port = end == 0 ? -1 : UrlParser.portNumber(text.substring(0, end));
        if (port < 0) {
            throw invalid("'" + value + "' is not a port, which is a number from 0 to 65535");
        }
        return Integer.toString(port);
    }

    /**
     * As the {@code pathname} setter of an {@code https:} URL makes it: percent-encoded, backslashes
     * read as slashes, dot segments resolved. Text that does not start with '/' is canonicalized
     * as if it followed a segment, so that it can continue one.
     */
    static String pathname(String value) {
        if (value.isEmpty()) {
            return value;
        }
        boolean leadingSlash = value.charAt(0) == '/';
        String text = withoutTabsAndNewlines(leadingSlash ? value : "/-" + value);
        List<String> path = new ArrayList<>();
        StringBuilder buffer = new StringBuilder();
        int[] codePoints = text.codePoints().toArray();
        for (int i = 1; i <= codePoints.length; i++) {
            int c = i < codePoints.length ? codePoints[i] : -1;
            if (c == -1 || c == '/' || c == '\\') {
                String segment = buffer.toString();
                boolean slash = c != -1;
                if (UrlParser.isDoubleDot(segment)) {
                    if (!path.isEmpty()) {
                        path.remove(path.size() - 1);
                    }
                    if (!slash) {
                        path.add("");
                    }
                } else if (UrlParser.isSingleDot(segment) && !slash) {
                    path.add("");
                } else if (!UrlParser.isSingleDot(segment)) {
                    path.add(segment);
                }
                buffer.setLength(0);
            } else {
                PercentEncoding.PATH.append(buffer, c);
            }
        }
        String result = "/" + String.join("/", path);
        if (path.isEmpty()) {
            result = "";
        }
        return leadingSlash ? result : result.substring(Math.min(2, result.length()));
    }

    /** As an opaque path (a URL like {@code urn:a:b}) keeps it: C0 controls and non-ASCII percent-encoded, cut at '?' or '#'. */
    static String opaquePathname(String value) {
        String text = withoutTabsAndNewlines(value);
        int end = 0;
        while (end < text.length() && text.charAt(end) != '?' && text.charAt(end) != '#') {
            end++;
        }
        return PercentEncoding.C0_CONTROL.encode(text.substring(0, end));
    }

    /** Percent-encoded as the query of a special URL is. */
    static String search(String value) {
        return PercentEncoding.SPECIAL_QUERY.encode(withoutTabsAndNewlines(value));
    }

    /** Percent-encoded as a fragment is. */
    static String hash(String value) {
        return PercentEncoding.FRAGMENT.encode(withoutTabsAndNewlines(value));
    }

    private static String withoutTabsAndNewlines(String value) {
        if (value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return value.replaceAll("[\t\n\r]", "");
    }

    private static UrlPatternException invalid(String message) {
        return new UrlPatternException(Kind.INVALID, message, -1);
    }
}
