package dev.ssehub.urlpattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The basic URL parser of the WHATWG URL Standard, without state overrides and with UTF-8 as the
 * only encoding: the state machine that reads a URL string, resolved against an optional base, into
 * its components. Validation errors that the standard does not make fatal are ignored, as browsers do.
 */
final class UrlParser {

    static final Map<String, Integer> SPECIAL_SCHEMES = Map.of(
            "ftp", 21, "file", -1, "http", 80, "https", 443, "ws", 80, "wss", 443);

    private static final int EOF = -1;

    private enum State {
        SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, PATH_OR_AUTHORITY, RELATIVE,
        RELATIVE_SLASH, SPECIAL_AUTHORITY_SLASHES, SPECIAL_AUTHORITY_IGNORE_SLASHES, AUTHORITY, HOST, PORT,
        FILE, FILE_SLASH, FILE_HOST, PATH_START, PATH, OPAQUE_PATH, QUERY, FRAGMENT
    }

    /** A URL being parsed; {@code opaquePath} non-null means the path is opaque and {@code path} unused. */
    static final class Parts {
        String scheme = "";
        String username = "";
        String password = "";
        String host;
        int port = -1;
        List<String> path = new ArrayList<>();
        String opaquePath;
        String query;
        String fragment;

        boolean special() {
            return SPECIAL_SCHEMES.containsKey(scheme);
        }
    }

    private final int[] input;
    private final Parts base;
    private final Parts url = new Parts();
    private final StringBuilder buffer = new StringBuilder();
    private final StringBuilder username = new StringBuilder();
    private final StringBuilder password = new StringBuilder();
    private int pointer;
    private boolean atSignSeen;
    private boolean insideBrackets;
    private boolean passwordTokenSeen;

    private UrlParser(int[] input, Parts base) {
        this.input = input;
        this.base = base;
    }

    /** Parses {@code text} against {@code base} (may be null); null where the standard fails. */
    static Parts parse(String text, Parts base) {
        return new UrlParser(prepare(text), base).run();
    }

    /** {@code text} as the parser reads it: C0 controls and spaces trimmed, tabs and newlines removed. */
    private static int[] prepare(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && text.charAt(end - 1) <= 0x20) {
            end--;
        }
        return Strings.scalarValues(text.substring(start, end)).codePoints()
                .filter(c -> c != '\t' && c != '\n' && c != '\r').toArray();
    }

    private int at(int index) {
        return index >= 0 && index < input.length ? input[index] : EOF;
    }

    private boolean remainingStartsWith(char c) {
        return at(pointer + 1) == c;
    }

    private Parts run() {
        State state = State.SCHEME_START;
        while (true) {
            int c = at(pointer);
            state = step(state, c);
            if (state == null) {
                return null;
            }
            if (pointer >= input.length) {
                return url;
            }
            pointer++;
        }
    }

    /** Runs one step of the state machine on {@code c}; returns the next state or null on failure. */
    private State step(State state, int c) {
        switch (state) {
            case SCHEME_START:
                if (Strings.isAsciiAlpha(c)) {
                    buffer.append((char) Character.toLowerCase(c));
                    return State.SCHEME;
                }
                pointer--;
                return State.NO_SCHEME;
            case SCHEME:
                return scheme(c);
            case NO_SCHEME:
                return noScheme(c);
            case SPECIAL_RELATIVE_OR_AUTHORITY:
                if (c == '/' && remainingStartsWith('/')) {
                    pointer++;
                    return State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                }
                pointer--;
                return State.RELATIVE;
            case PATH_OR_AUTHORITY:
                if (c == '/') {
                    return State.AUTHORITY;
                }
                pointer--;
                return State.PATH;
            case RELATIVE:
                return relative(c);
            case RELATIVE_SLASH:
                if (url.special() && (c == '/' || c == '\\')) {
                    return State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                }
                if (c == '/') {
                    return State.AUTHORITY;
                }
                copyAuthority(base);
                pointer--;
                return State.PATH;
            case SPECIAL_AUTHORITY_SLASHES:
                if (c == '/' && remainingStartsWith('/')) {
                    pointer++;
                } else {
                    pointer--;
                }
                return State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
            case SPECIAL_AUTHORITY_IGNORE_SLASHES:
                if (c != '/' && c != '\\') {
                    pointer--;
                    return State.AUTHORITY;
                }
                return state;
            case AUTHORITY:
                return authority(c);
            case HOST:
                return host(c);
            case PORT:
                return port(c);
            case FILE:
                return file(c);
            case FILE_SLASH:
                return fileSlash(c);
            case FILE_HOST:
                return fileHost(c);
            case PATH_START:
                return pathStart(c);
            case PATH:
                return path(c);
            case OPAQUE_PATH:
                return opaquePath(c);
            case QUERY:
                return query(c);
            case FRAGMENT:
                if (c == EOF) {
                    url.fragment = url.fragment + PercentEncoding.FRAGMENT.encode(buffer.toString());
                } else {
                    buffer.appendCodePoint(c);
                }
                return state;
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private State scheme(int c) {
        if (Strings.isAsciiAlphanumeric(c) || c == '+' || c == '-' || c == '.') {
            buffer.append((char) Character.toLowerCase(c));
            return State.SCHEME;
        }
        if (c != ':') {
            buffer.setLength(0);
            pointer = -1;
            return State.NO_SCHEME;
        }
        url.scheme = buffer.toString();
        buffer.setLength(0);
        if (url.scheme.equals("file")) {
            return State.FILE;
        }
        if (url.special() && base != null && base.scheme.equals(url.scheme)) {
            return State.SPECIAL_RELATIVE_OR_AUTHORITY;
        }
        if (url.special()) {
            return State.SPECIAL_AUTHORITY_SLASHES;
        }
        if (remainingStartsWith('/')) {
            pointer++;
            return State.PATH_OR_AUTHORITY;
        }
        url.opaquePath = "";
        return State.OPAQUE_PATH;
    }

    private State noScheme(int c) {
        if (base == null || (base.opaquePath != null && c != '#')) {
            return null;
        }
        if (base.opaquePath != null) {
            url.scheme = base.scheme;
            url.opaquePath = base.opaquePath;
            url.query = base.query;
            url.fragment = "";
            return State.FRAGMENT;
        }
        pointer--;
        return base.scheme.equals("file") ? State.FILE : State.RELATIVE;
    }

    private State relative(int c) {
        url.scheme = base.scheme;
        if (c == '/' || (url.special() && c == '\\')) {
            return State.RELATIVE_SLASH;
        }
        copyAuthority(base);
        url.path = new ArrayList<>(base.path);
        url.query = base.query;
        if (c == '?') {
            url.query = "";
            return State.QUERY;
        }
        if (c == '#') {
            url.fragment = "";
            return State.FRAGMENT;
        }
        if (c != EOF) {
            url.query = null;
            shortenPath();
            pointer--;
            return State.PATH;
        }
        return State.RELATIVE;
    }

    private void copyAuthority(Parts from) {
        url.username = from.username;
        url.password = from.password;
        url.host = from.host;
        url.port = from.port;
    }

    private State authority(int c) {
        if (c == '@') {
            if (atSignSeen) {
                buffer.insert(0, "%40");
            }
            atSignSeen = true;
            buffer.codePoints().forEach(codePoint -> {
                if (codePoint == ':' && !passwordTokenSeen) {
                    passwordTokenSeen = true;
                } else {
                    PercentEncoding.USERINFO.append(passwordTokenSeen ? password : username, codePoint);
                }
            });
            buffer.setLength(0);
            return State.AUTHORITY;
        }
        if (c == EOF || c == '/' || c == '?' || c == '#' || (url.special() && c == '\\')) {
            if (atSignSeen && buffer.length() == 0) {
                return null;
            }
            pointer -= buffer.codePointCount(0, buffer.length()) + 1;
            buffer.setLength(0);
            url.username = username.toString();
            url.password = password.toString();
            return State.HOST;
        }
        buffer.appendCodePoint(c);
        return State.AUTHORITY;
    }

    private State host(int c) {
        if (c == ':' && !insideBrackets) {
            if (buffer.length() == 0) {
                return null;
            }
            return setHost() ? State.PORT : null;
        }
        if (c == EOF || c == '/' || c == '?' || c == '#' || (url.special() && c == '\\')) {
            pointer--;
            if (url.special() && buffer.length() == 0) {
                return null;
            }
            return setHost() ? State.PATH_START : null;
        }
        if (c == '[') {
            insideBrackets = true;
        } else if (c == ']') {
            insideBrackets = false;
        }
        buffer.appendCodePoint(c);
        return State.HOST;
    }

    private boolean setHost() {
        url.host = Hosts.parse(buffer.toString(), url.special());
        buffer.setLength(0);
        return url.host != null;
    }

    private State port(int c) {
        if (c >= '0' && c <= '9') {
            buffer.append((char) c);
            return State.PORT;
        }
        if (c == EOF || c == '/' || c == '?' || c == '#' || (url.special() && c == '\\')) {
            if (buffer.length() > 0) {
                int port = portNumber(buffer.toString());
                if (port < 0) {
                    return null;
                }
                url.port = SPECIAL_SCHEMES.getOrDefault(url.scheme, -1) == port ? -1 : port;
                buffer.setLength(0);
            }
            pointer--;
            return State.PATH_START;
        }
        return null;
    }

    /** The value of a run of ASCII digits, or -1 if it is over 65535. */
    static int portNumber(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 5) {
            return -1;
        }
        int port = Integer.parseInt(significant);
        return port > 65535 ? -1 : port;
    }

    private State file(int c) {
        url.scheme = "file";
        url.host = "";
        if (c == '/' || c == '\\') {
            return State.FILE_SLASH;
        }
        if (base != null && base.scheme.equals("file")) {
            url.host = base.host;
            url.path = new ArrayList<>(base.path);
            url.query = base.query;
            if (c == '?') {
                url.query = "";
                return State.QUERY;
            }
            if (c == '#') {
                url.fragment = "";
                return State.FRAGMENT;
            }
            if (c != EOF) {
                url.query = null;
                if (!startsWithWindowsDriveLetter(pointer)) {
                    shortenPath();
                } else {
                    url.path = new ArrayList<>();
                }
                pointer--;
                return State.PATH;
            }
            return State.FILE;
        }
        pointer--;
        return State.PATH;
    }

    private State fileSlash(int c) {
        if (c == '/' || c == '\\') {
            return State.FILE_HOST;
        }
        if (base != null && base.scheme.equals("file")) {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(pointer) && !base.path.isEmpty()
                    && isNormalizedWindowsDriveLetter(base.path.get(0))) {
                url.path.add(base.path.get(0));
            }
        }
        pointer--;
        return State.PATH;
    }

    private State fileHost(int c) {
        if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
            pointer--;
            if (isWindowsDriveLetter(buffer)) {
                return State.PATH;
            }
            if (buffer.length() == 0) {
                url.host = "";
                return State.PATH_START;
            }
            if (!setHost()) {
                return null;
            }
            if (url.host.equals("localhost")) {
                url.host = "";
            }
            return State.PATH_START;
        }
        buffer.appendCodePoint(c);
        return State.FILE_HOST;
    }

    private State pathStart(int c) {
        if (url.special()) {
            if (c != '/' && c != '\\') {
                pointer--;
            }
            return State.PATH;
        }
        if (c == '?') {
            url.query = "";
            return State.QUERY;
        }
        if (c == '#') {
            url.fragment = "";
            return State.FRAGMENT;
        }
        if (c != EOF) {
            if (c != '/') {
                pointer--;
            }
            return State.PATH;
        }
        return State.PATH_START;
    }

    private State path(int c) {
        boolean slash = c == '/' || (url.special() && c == '\\');
        if (c == EOF || slash || c == '?' || c == '#') {
            String segment = buffer.toString();
            if (isDoubleDot(segment)) {
                shortenPath();
                if (!slash) {
                    url.path.add("");
                }
            } else if (isSingleDot(segment) && !slash) {
                url.path.add("");
            } else if (!isSingleDot(segment)) {
                if (url.scheme.equals("file") && url.path.isEmpty() && isWindowsDriveLetter(segment)) {
                    segment = segment.charAt(0) + ":";
                }
                url.path.add(segment);
            }
            buffer.setLength(0);
            if (c == '?') {
                url.query = "";
                return State.QUERY;
            }
            if (c == '#') {
                url.fragment = "";
                return State.FRAGMENT;
            }
            return State.PATH;
        }
        PercentEncoding.PATH.append(buffer, c);
        return State.PATH;
    }

    private State opaquePath(int c) {
        if (c == '?' || c == '#' || c == EOF) {
            url.opaquePath = PercentEncoding.C0_CONTROL.encode(buffer.toString());
            buffer.setLength(0);
        }
        if (c == '?') {
            url.query = "";
            return State.QUERY;
        }
        if (c == '#') {
            url.fragment = "";
            return State.FRAGMENT;
        }
        if (c != EOF) {
            buffer.appendCodePoint(c);
        }
        return State.OPAQUE_PATH;
    }

    private State query(int c) {
        if (c == '#' || c == EOF) {
            PercentEncoding set = url.special() ? PercentEncoding.SPECIAL_QUERY : PercentEncoding.QUERY;
            url.query = url.query + set.encode(buffer.toString());
            buffer.setLength(0);
            if (c == '#') {
                url.fragment = "";
                return State.FRAGMENT;
            }
            return State.QUERY;
        }
        buffer.appendCodePoint(c);
        return State.QUERY;
    }

    private void shortenPath() {
        if (url.scheme.equals("file") && url.path.size() == 1 && isNormalizedWindowsDriveLetter(url.path.get(0))) {
            return;
        }
        if (!url.path.isEmpty()) {
            url.path.remove(url.path.size() - 1);
        }
    }

    private boolean startsWithWindowsDriveLetter(int from) {
        if (!Strings.isAsciiAlpha(at(from)) || (at(from + 1) != ':' && at(from + 1) != '|')) {
            return false;
        }
        int third = at(from + 2);
        return third == EOF || third == '/' || third == '\\' || third == '?' || third == '#';
    }

    private static boolean isWindowsDriveLetter(CharSequence text) {
        return text.length() == 2 && Strings.isAsciiAlpha(text.charAt(0))
                && (text.charAt(1) == ':' || text.charAt(1) == '|');
    }

    private static boolean isNormalizedWindowsDriveLetter(String text) {
        return isWindowsDriveLetter(text) && text.charAt(1) == ':';
    }

    static boolean isSingleDot(String segment) {
        return segment.equals(".") || segment.equalsIgnoreCase("%2e");
    }

    static boolean isDoubleDot(String segment) {
        switch (segment.toLowerCase(java.util.Locale.ROOT)) {
            case "..":
            case ".%2e":
            case "%2e.":
            case "%2e%2e":
                return true;
            default:
                return false;
        }
    }
}
