package dev.ssehub.urlpattern;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The differences between {@link UrlPattern} and urlpattern-polyfill 10.1.0 that are understood,
 * each with its reason; the differential test fails on any other. A difference is only put down to
 * a reason when that reason explains it: a quirk of the polyfill's input handling is reproduced on
 * the input (see {@link #polyfillView}) and must turn our answer into the polyfill's.
 */
final class KnownDifferences {

    /** Why UrlPattern and the polyfill answer differently, as far as it is understood. */
    enum Reason {
        UNSUPPORTED_REGEXP("we refuse a regular expression RE2/J cannot run (lookaround, back-references) or a \\p{...} "
                + "escape; the polyfill runs it"),
        POLYFILL_BACKTRACKED("the polyfill's JavaScript regular expression still ran after " + PolyfillOracle.TIMEOUT_MILLIS
                + " ms (catastrophic backtracking, the denial of service RE2/J rules out); UrlPattern answered at once"),
        PORT_TRAILING_TEXT("the standard canonicalizes a pattern port as the URL parser reads one, up to the first "
                + "character that is not a digit ('80 ' is 80); the polyfill refuses anything but digits"),
        HOSTNAME_TAB_OR_NEWLINE("the standard removes tabs and newlines from hostname text, as the URL parser does "
                + "everywhere; the polyfill refuses them"),
        PORT_LEADING_ZERO("the standard canonicalizes a pattern port such as '0080' to '80' through the URL parser; "
                + "the polyfill only checks it is digits and keeps '0080', which no parsed URL has"),
        WSS_DEFAULT_PORT("the polyfill's default-port table misspells wss as 'wws', so it keeps ':443' in a wss: pattern "
                + "although a parsed wss: URL never has that port"),
        NON_SPECIAL_PATTERN_PATH("the standard canonicalizes the pathname of a pattern with a non-special protocol "
                + "as an opaque path, keeping spaces, '.' and '..'; the polyfill parses it as 'data:' + pathname, a "
                + "hierarchical path when it starts with '/', which percent-encodes spaces and resolves dot segments"),
        OPAQUE_HOST_AS_DOMAIN("the polyfill canonicalizes the host of a non-special input URL again, as a domain (lower "
                + "case, IPv4 numbers, IDNA, refusing '%'); the standard matches the opaque host as parsed"),
        INPUT_PATH_REPARSED("the polyfill parses the input's pathname again (against https://example.com, or as "
                + "'protocol:' + pathname), which reads a pathname starting with '//' as an authority"),
        INPUT_SEARCH_OR_HASH_AGAIN("the polyfill canonicalizes the input's query and fragment again with an https: "
                + "URL's setters: a leading '?' or '#' that belongs to the value ('https://a/??x' has the query '?x') is "
                + "stripped, and a non-special URL's query gets the special query encoding ('\\'' becomes %27)"),
        ADA_EMPTY_NON_SPECIAL_PATH("Node 20's URL parser (ada 2.9.2) leaves the path of a non-special URL empty when "
                + "it ends with a '..' that has nothing left to remove ('foo://h/..'); the URL Standard gives '/'"),
        ADA_UNRESOLVED_DOT_SEGMENTS("Node 20's URL parser (ada 2.9.2) leaves some '.' and '..' segments in a path "
                + "after a segment that starts with '.' ('http://h/x/.b/.' keeps '/x/.b/.'); the URL Standard removes them"),
        ADA_FILE_DRIVE_LETTER_PREFIX("Node 20's URL parser (ada 2.9.2) takes the first segment of a file: path that "
                + "starts with a letter and ':' ('/a:b/..') for a Windows drive letter, which '..' keeps");

        final String description;

        Reason(String description) {
            this.description = description;
        }
    }

    private static final Pattern LEADING_ZERO = Pattern.compile("(^|[^0-9])0[0-9]");
    private static final Pattern FINAL_DOUBLE_DOT = Pattern.compile("(^|[/\\\\])(\\.|%2e){2}([?#].*)?$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern FILE_DRIVE_LETTER_PREFIX = Pattern.compile("^/[A-Za-z]:[^/]");
    private static final String POLYFILL_FORBIDDEN_HOSTNAME = "\t\n\r #%/:<>?@[\\]^|";
    /** Pathname text a hierarchical path canonicalizes differently from an opaque one. */
    private static final Pattern HIERARCHICAL_DIFFERENCE = Pattern.compile("[ \"<>`{}]|(^|/)(\\.|%2e){1,2}(/|$)",
            Pattern.CASE_INSENSITIVE);

    private KnownDifferences() {
    }

    /** Why the polyfill's construction of {@code c} differs from ours, or null if not understood. */
    static Reason construction(PatternCase c, UrlPatternException ours, PolyfillOracle.Verdict theirs) {
        if (theirs.timedOut()) {
            return Reason.POLYFILL_BACKTRACKED;
        }
        if (ours != null && ours.kind() == UrlPatternException.Kind.UNSUPPORTED && theirs.error() == null) {
            return Reason.UNSUPPORTED_REGEXP;
        }
        if (ours != null || theirs.error() == null) {
            return null;
        }
        Map<Component, String> texts;
        try {
            texts = ConstructorStringParser.parse(c.pattern()).values();
        } catch (UrlPatternException e) {
            return null;
        }
        String port = texts.getOrDefault(Component.PORT, "");
        if (theirs.error().contains("invalid port pattern") && port.replaceAll("[{}()*+?:\\\\]", "").matches(".*[^0-9].*")) {
            return Reason.PORT_TRAILING_TEXT;
        }
        String hostname = texts.getOrDefault(Component.HOSTNAME, "");
        if (theirs.error().contains("invalid hostname pattern") && hostname.matches("(?s).*[\t\n\r].*")) {
            return Reason.HOSTNAME_TAB_OR_NEWLINE;
        }
        return null;
    }

    /**
     * Why Node's URL parser reads {@code input} differently from {@link WhatwgUrl} (our components
     * {@code ours}, Node's {@code node}, either null where the parse failed), or null if not understood.
     */
    static Reason url(String input, List<String> ours, List<String> node) {
        if (ours == null || node == null || !ours.subList(0, 5).equals(node.subList(0, 5))
                || !ours.subList(6, 8).equals(node.subList(6, 8))) {
            return null;
        }
        String path = ours.get(5);
        String nodePath = node.get(5);
        if (!Component.SPECIAL_SCHEMES.contains(ours.get(0)) && path.equals("/") && nodePath.isEmpty()
                && FINAL_DOUBLE_DOT.matcher(input).find()) {
            return Reason.ADA_EMPTY_NON_SPECIAL_PATH;
        }
        if (path.equals(withoutDotSegments(nodePath))) {
            return Reason.ADA_UNRESOLVED_DOT_SEGMENTS;
        }
        if (ours.get(0).equals("file") && FILE_DRIVE_LETTER_PREFIX.matcher(nodePath).find()
                && path.length() < nodePath.length()) {
            return Reason.ADA_FILE_DRIVE_LETTER_PREFIX;
        }
        return null;
    }

    /** Our parse of {@code input} against {@code base} as Node's oracle writes it, or null. */
    static List<String> components(String input, String base) {
        WhatwgUrl url = WhatwgUrl.parse(input, base);
        return url == null ? null : List.copyOf(componentsOf(url).values());
    }

    /** RFC 3986 remove_dot_segments on the segments of an absolute path. */
    private static String withoutDotSegments(String path) {
        if (!path.startsWith("/")) {
            return path;
        }
        List<String> segments = new ArrayList<>();
        String[] split = path.substring(1).split("/", -1);
        for (int i = 0; i < split.length; i++) {
            boolean last = i == split.length - 1;
            if (split[i].equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                if (last) {
                    segments.add("");
                }
            } else if (split[i].equals(".")) {
                if (last) {
                    segments.add("");
                }
            } else {
                segments.add(split[i]);
            }
        }
        return "/" + String.join("/", segments);
    }

    /**
     * Why the polyfill's {@code test(input)} differs from our {@code matches(input)}, or null if not
     * understood; {@code node} is how Node's URL parser reads the input (null where it fails).
     */
    static Reason test(UrlPattern pattern, String input, boolean ours, Object theirs, List<String> node) {
        if (!(theirs instanceof Boolean) || ours == (Boolean) theirs) {
            return null;
        }
        boolean polyfill = (Boolean) theirs;
        String port = pattern.component(Component.PORT);
        String protocol = pattern.component(Component.PROTOCOL);
        if (ours && !polyfill && !port.isEmpty() && !port.equals("*") && LEADING_ZERO.matcher(originalPort(pattern)).find()) {
            return Reason.PORT_LEADING_ZERO;
        }
        if (ours && !polyfill && protocol.equals("wss") && originalPort(pattern).equals("443")) {
            return Reason.WSS_DEFAULT_PORT;
        }
        boolean specialPattern = Component.SPECIAL_SCHEMES.stream().anyMatch(scheme -> pattern.matches(Component.PROTOCOL, scheme));
        String pathname = pattern.component(Component.PATHNAME);
        if (!specialPattern && pathname.contains("/") && HIERARCHICAL_DIFFERENCE.matcher(pathname).find()) {
            return Reason.NON_SPECIAL_PATTERN_PATH;
        }
        List<String> parsed = components(input, pattern.baseUrl());
        Reason parsing = null;
        if (!java.util.Objects.equals(parsed, node)) {
            parsing = url(input, parsed, node);
            if (parsing == null) {
                return null;
            }
            parsed = node;
        }
        if (parsed == null) {
            return null;
        }
        Map<Component, String> view = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            view.put(component, parsed.get(component.ordinal()));
        }
        if (parsing != null && matchesAll(pattern, view) == polyfill) {
            return parsing;
        }
        for (Reason quirk : new Reason[] {Reason.OPAQUE_HOST_AS_DOMAIN,
                Reason.INPUT_PATH_REPARSED, Reason.INPUT_SEARCH_OR_HASH_AGAIN}) {
            Map<Component, String> before = new EnumMap<>(view);
            view = polyfillView(quirk, view);
            if (view == null) {
                return polyfill ? null : quirk;
            }
            if (!view.equals(before) && matchesAll(pattern, view) == polyfill) {
                return quirk;
            }
        }
        return null;
    }

    /** The port as the pattern string gave it, before canonicalization ("" when it gave none). */
    private static String originalPort(UrlPattern pattern) {
        try {
            String port = ConstructorStringParser.parse(pattern.pattern()).values().get(Component.PORT);
            return port == null ? "" : port;
        } catch (UrlPatternException e) {
            return "";
        }
    }

    private static Map<Component, String> componentsOf(WhatwgUrl url) {
        Map<Component, String> values = new EnumMap<>(Component.class);
        values.put(Component.PROTOCOL, url.protocol());
        values.put(Component.USERNAME, url.username());
        values.put(Component.PASSWORD, url.password());
        values.put(Component.HOSTNAME, url.hostname());
        values.put(Component.PORT, url.port());
        values.put(Component.PATHNAME, url.pathname());
        values.put(Component.SEARCH, url.search());
        values.put(Component.HASH, url.hash());
        return values;
    }

    private static boolean matchesAll(UrlPattern pattern, Map<Component, String> values) {
        return values.entrySet().stream().allMatch(e -> pattern.matches(e.getKey(), e.getValue()));
    }

    /**
     * {@code values} as the polyfill sees them after one of its quirks, or null where the quirk makes
     * its {@code test()} return false whatever the pattern.
     */
    private static Map<Component, String> polyfillView(Reason quirk, Map<Component, String> values) {
        Map<Component, String> view = new EnumMap<>(values);
        String protocol = values.get(Component.PROTOCOL);
        boolean special = Component.SPECIAL_SCHEMES.contains(protocol);
        String host = values.get(Component.HOSTNAME);
        String path = values.get(Component.PATHNAME);
        switch (quirk) {
            case OPAQUE_HOST_AS_DOMAIN:
                if (special || host.isEmpty() || host.startsWith("[")) {
                    return view;
                }
                for (int i = 0; i < host.length(); i++) {
                    if (POLYFILL_FORBIDDEN_HOSTNAME.indexOf(host.charAt(i)) >= 0) {
                        return null;
                    }
                }
                String domain = Hosts.parse(host, true);
                // The polyfill sets the hostname of an https://example.com URL, which a failing host leaves alone.
                view.put(Component.HOSTNAME, domain == null ? "example.com" : domain);
                return view;
            case INPUT_PATH_REPARSED:
                if (path.startsWith("//")) {
                    WhatwgUrl reparsed = special ? WhatwgUrl.parse(path, "https://example.com")
                            : WhatwgUrl.parse(protocol + ":" + path, null);
                    if (reparsed == null) {
                        return null;
                    }
                    view.put(Component.PATHNAME, reparsed.pathname());
                }
                return view;
            default:
                String search = values.get(Component.SEARCH);
                String hash = values.get(Component.HASH);
                view.put(Component.SEARCH, PercentEncoding.SPECIAL_QUERY.encode(search.startsWith("?") ? search.substring(1) : search));
                view.put(Component.HASH, hash.startsWith("#") ? hash.substring(1) : hash);
                return view;
        }
    }

    /** A short label for reports. */
    static String label(Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }
}
