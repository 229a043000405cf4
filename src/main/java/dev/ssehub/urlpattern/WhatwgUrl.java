package dev.ssehub.urlpattern;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A URL parsed by the WHATWG URL Standard's basic URL parser, the one browsers and Node.js use:
 * {@code parse(input, base)} is {@code new URL(input, base)}, with null where that throws.
 * Immutable and thread-safe.
 *
 * <p>The component accessors return what the URL Pattern Standard matches against, which is the
 * {@code URL} getter without its delimiter: {@link #protocol} has no trailing {@code :},
 * {@link #search} no leading {@code ?}, {@link #hash} no leading {@code #}; an absent component is
 * the empty string, never null. Every component is ASCII: the parser percent-encodes, or for a
 * domain Punycode-encodes, everything else.
 *
 * <p>What is parsed is what the parser of Node.js 20 (ada 2.9) parses: that includes special and
 * opaque schemes, IPv4 (with hexadecimal and octal parts) and IPv6 hosts, {@code file:} URLs with
 * Windows drive letters, dot segments and backslashes. Internationalized domain names are mapped by
 * an approximation of UTS #46, described in {@code Hosts}.
 */
public final class WhatwgUrl {

    private final UrlParser.Parts parts;

    WhatwgUrl(UrlParser.Parts parts) {
        this.parts = parts;
    }

    /**
     * Parses {@code input}, relative to {@code base} when that is not null, as {@code new URL(input, base)}.
     * Never throws for any string.
     *
     * @return the URL, or null if {@code input} (or {@code base}) is not a valid URL
     * @throws NullPointerException if {@code input} is null
     */
    public static WhatwgUrl parse(String input, String base) {
        UrlParser.Parts parts = parseParts(input, base);
        return parts == null ? null : new WhatwgUrl(parts);
    }

    static UrlParser.Parts parseParts(String input, String base) {
        Objects.requireNonNull(input, "input");
        UrlParser.Parts baseParts = null;
        if (base != null) {
            baseParts = UrlParser.parse(base, null);
            if (baseParts == null) {
                return null;
            }
        }
        return UrlParser.parse(input, baseParts);
    }

    /**
     * The path of {@code input} resolved against {@code base}, normalized for comparing paths the
     * way Mercure's reserved-namespace rule does: dot segments removed (the parser already removes
     * {@code .}, {@code ..} and their {@code %2e} spellings), percent-encoded unreserved characters
     * (RFC 3986: letters, digits, {@code - . _ ~}) decoded and the remaining triplets upper-cased, and
     * dot segments that the decoding revealed removed as well. So
     * {@code /.well-known/%6Dercure/a/../b} gives {@code /.well-known/mercure/b}.
     *
     * @return the normalized path, or null if {@code input} does not parse against {@code base}, or
     *     if its path is opaque (such a path never starts with {@code /}, so it names no hub path)
     * @throws NullPointerException if {@code input} is null
     */
    public static String normalizedPath(String input, String base) {
        UrlParser.Parts parts = parseParts(input, base);
        if (parts == null || parts.opaquePath != null) {
            return null;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : parts.path) {
            String decoded = decodeUnreserved(segment);
            if (decoded.equals("..")) {
                segments.pollLast();
            } else if (!decoded.equals(".")) {
                segments.addLast(decoded);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String decodeUnreserved(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && PercentEncoding.hex(segment.charAt(i + 1)) >= 0
                    && PercentEncoding.hex(segment.charAt(i + 2)) >= 0) {
                char decoded = (char) (PercentEncoding.hex(segment.charAt(i + 1)) * 16 + PercentEncoding.hex(segment.charAt(i + 2)));
                if (Strings.isAsciiAlphanumeric(decoded) || "-._~".indexOf(decoded) >= 0) {
                    out.append(decoded);
                } else {
                    out.append('%').append(Character.toUpperCase(segment.charAt(i + 1)))
                            .append(Character.toUpperCase(segment.charAt(i + 2)));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The scheme, lower case, without {@code :}. */
    public String protocol() {
        return parts.scheme;
    }

    /** The percent-encoded username, or "". */
    public String username() {
        return parts.username;
    }

    /** The percent-encoded password, or "". */
    public String password() {
        return parts.password;
    }

    /** The serialized host (an IPv6 address in brackets), or "" when there is none. */
    public String hostname() {
        return parts.host == null ? "" : parts.host;
    }

    /** The port in decimal, or "" when there is none or it is the scheme's default. */
    public String port() {
        return parts.port < 0 ? "" : Integer.toString(parts.port);
    }

    /** The serialized path: segments each preceded by {@code /}, or the opaque path as it is. */
    public String pathname() {
        return pathname(parts);
    }

    static String pathname(UrlParser.Parts parts) {
        if (parts.opaquePath != null) {
            return parts.opaquePath;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : parts.path) {
            out.append('/').append(segment);
        }
        return out.toString();
    }

    /** The query without {@code ?}, or "". */
    public String search() {
        return parts.query == null ? "" : parts.query;
    }

    /** The fragment without {@code #}, or "". */
    public String hash() {
        return parts.fragment == null ? "" : parts.fragment;
    }

    /** The serialized URL, as the {@code href} getter gives it. */
    public String href() {
        StringBuilder out = new StringBuilder(parts.scheme).append(':');
        if (parts.host != null) {
            out.append("//");
            if (!parts.username.isEmpty() || !parts.password.isEmpty()) {
                out.append(parts.username);
                if (!parts.password.isEmpty()) {
                    out.append(':').append(parts.password);
                }
                out.append('@');
            }
            out.append(parts.host);
            if (parts.port >= 0) {
                out.append(':').append(parts.port);
            }
        } else if (parts.opaquePath == null && parts.path.size() > 1 && parts.path.get(0).isEmpty()) {
            out.append("/.");
        }
        out.append(pathname());
        if (parts.query != null) {
            out.append('?').append(parts.query);
        }
        if (parts.fragment != null) {
            out.append('#').append(parts.fragment);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return href();
    }
}
