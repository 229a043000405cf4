package dev.ssehub.urlpattern;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import dev.ssehub.urlpattern.UrlPatternException.Kind;

/**
 * A pattern of the WHATWG URL Pattern Standard ({@code https://example.com/books/:id},
 * {@code /.well-known/mercure/subscriptions/*}) compiled to RE2/J, so that matching a URL takes
 * time linear in its length whatever the pattern: patterns come from untrusted subscribers.
 * Immutable and thread-safe.
 *
 * <p>{@code compile(pattern, baseUrl, limits)} is {@code new URLPattern(pattern, baseUrl)} in its
 * constructor-string form, without {@code ignoreCase}; {@link #matches} is
 * {@code pattern.test(input, baseUrl)} with the same base. The input is parsed by {@link WhatwgUrl}
 * and each of its eight components (protocol, username, password, hostname, port, pathname,
 * search, hash) must match the pattern's component, which is {@code *} (anything) where the
 * pattern string does not reach it and it is not inherited from the base URL.
 *
 * <p>Where this differs from the standard, and why:
 * <ul>
 * <li>{@code (regexp)} groups are JavaScript regular expressions; those RE2/J cannot run, with
 *     lookaround or back-references, are refused ({@link UrlPatternException.Kind#UNSUPPORTED}),
 *     as are {@code \p{...}} escapes. The syntax read is that of the {@code u} flag, as in
 *     urlpattern-polyfill and Node.js, where the standard now says {@code v}: see {@code RegexpTranslator}.
 * <li>Internationalized domain names go through an approximation of UTS #46 (see {@code Hosts}).
 * <li>Hostname fixed text containing {@code : / ? #} or {@code \} is refused (as browsers and
 *     the polyfill do); the standard's hostname setter would drop the text from there on.
 * </ul>
 */
public final class UrlPattern {

    /** Estimated program size past which a component is not even compiled: compiling would cost more than refusing. */
    static final int COMPILE_GUARD = 1_000_000;

    private static final Component[] COMPONENTS = Component.values();

    private final String pattern;
    private final String baseUrl;
    /** The base URL parsed once; the parser only reads it. */
    private final UrlParser.Parts base;
    private final Map<Component, ComponentPattern> components;
    private final int cost;

    private UrlPattern(String pattern, String baseUrl, UrlParser.Parts base, Map<Component, ComponentPattern> components,
            int cost) {
        this.pattern = pattern;
        this.baseUrl = baseUrl;
        this.base = base;
        this.components = components;
        this.cost = cost;
    }

    /**
     * Compiles {@code pattern} as {@code new URLPattern(pattern, baseUrl)} does.
     *
     * @param baseUrl the URL relative patterns, and later relative inputs, are resolved against;
     *     null when the pattern is absolute (has a protocol)
     * @throws UrlPatternException if the pattern is invalid, relative without a base URL, uses a
     *     regular expression feature RE2/J lacks, or exceeds {@code limits}
     * @throws NullPointerException if {@code pattern} or {@code limits} is null
     */
    public static UrlPattern compile(String pattern, String baseUrl, UrlPatternLimits limits) throws UrlPatternException {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(limits, "limits");
        if (pattern.length() > limits.maxPatternLength()) {
            throw new UrlPatternException(Kind.TOO_LARGE, "The URL pattern is " + pattern.length()
                    + " characters long; at most " + limits.maxPatternLength() + " are allowed", limits.maxPatternLength());
        }
        String text = Strings.scalarValues(pattern);
        ConstructorStringParser.Result parsed;
        try {
            parsed = ConstructorStringParser.parse(text);
        } catch (UrlPatternException e) {
            throw located(e, Component.PROTOCOL, 0, 0);
        }
        UrlParser.Parts base = null;
        if (baseUrl == null) {
            if (!parsed.values().containsKey(Component.PROTOCOL)) {
                throw new UrlPatternException(Kind.INVALID, "The URL pattern '" + abbreviate(pattern)
                        + "' is relative (it has no protocol such as 'https:') and there is no base URL to resolve it against", 0);
            }
        } else {
            base = UrlParser.parse(baseUrl, null);
            if (base == null) {
                throw new UrlPatternException(Kind.INVALID, "The base URL '" + abbreviate(baseUrl) + "' is not a valid URL", -1);
            }
        }
        Map<Component, ComponentPattern> components = new Init(parsed, base).compile();
        int parts = components.values().stream().mapToInt(ComponentPattern::partCount).sum();
        if (parts > limits.maxParts()) {
            throw new UrlPatternException(Kind.TOO_LARGE, "The URL pattern has " + parts + " parts (fixed texts, groups, "
                    + "wildcards, over all components); at most " + limits.maxParts() + " are allowed", -1);
        }
        long cost = 0;
        for (Component component : COMPONENTS) {
            ComponentPattern compiled = components.get(component);
            cost += compiled.programSize();
            if (compiled.tooLarge() || cost > limits.maxProgramSize()) {
                throw new UrlPatternException(Kind.TOO_LARGE, "The URL pattern compiles to a program larger than "
                        + limits.maxProgramSize() + " instructions (" + (compiled.tooLarge() ? "far more" : "the " + component.label()
                        + " brings it to " + cost) + "); make its regular expressions or repetitions smaller", -1);
            }
        }
        return new UrlPattern(pattern, baseUrl, base, components, (int) cost);
    }

    /**
     * Whether {@code input}, resolved against the base URL given at compile time, matches, as
     * {@code pattern.test(input, baseUrl)}. False when the input is not a valid URL. Never throws for
     * any string.
     *
     * @throws NullPointerException if {@code input} is null
     */
    public boolean matches(String input) {
        UrlParser.Parts parts = UrlParser.parse(Objects.requireNonNull(input, "input"), base);
        if (parts == null) {
            return false;
        }
        WhatwgUrl url = new WhatwgUrl(parts);
        return components.get(Component.PROTOCOL).matches(url.protocol())
                && components.get(Component.USERNAME).matches(url.username())
                && components.get(Component.PASSWORD).matches(url.password())
                && components.get(Component.HOSTNAME).matches(url.hostname())
                && components.get(Component.PORT).matches(url.port())
                && components.get(Component.PATHNAME).matches(url.pathname())
                && components.get(Component.SEARCH).matches(url.search())
                && components.get(Component.HASH).matches(url.hash());
    }

    /** The sum of the RE2/J program sizes of the components: the work per character of a matched URL grows with it. */
    public int cost() {
        return cost;
    }

    /** The pattern as given to {@link #compile}. */
    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** Whether {@code value} matches the pattern of {@code component} (for tests). */
    boolean matches(Component component, String value) {
        return components.get(component).matches(value);
    }

    /** The base URL given at compile time, or null. */
    String baseUrl() {
        return baseUrl;
    }

    /** The pattern string of {@code component}, as completed from the base URL and defaults (for tests and messages). */
    String component(Component component) {
        return components.get(component).source();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** {@code e}, from a component whose string starts at {@code start} in the pattern after {@code inherited} characters that do not. */
    private static UrlPatternException located(UrlPatternException e, Component component, int start, int inherited) {
        int index = start < 0 || e.index() < inherited ? -1 : start + e.index() - inherited;
        String where = index < 0 ? "in the " + component.label() + " inherited from the base URL"
                : "in the " + component.label() + ", at index " + index + " of the pattern";
        String message = e.getMessage();
        return new UrlPatternException(e.kind(), "Invalid URL pattern (" + where + "): " + message, index);
    }

    /**
     * The standard's "process a URLPatternInit" for a pattern: the component strings of the
     * constructor string, completed from the base URL and with {@code *}, then compiled.
     */
    private static final class Init {

        private final ConstructorStringParser.Result parsed;
        private final UrlParser.Parts base;
        private final Map<Component, String> values = new EnumMap<>(Component.class);
        private final Map<Component, Integer> starts = new EnumMap<>(Component.class);
        private final Map<Component, Integer> inherited = new EnumMap<>(Component.class);

        Init(ConstructorStringParser.Result parsed, UrlParser.Parts base) {
            this.parsed = parsed;
            this.base = base;
        }

        Map<Component, ComponentPattern> compile() throws UrlPatternException {
            if (base != null) {
                inherit();
            }
            Map<Component, String> given = parsed.values();
            for (Map.Entry<Component, String> entry : given.entrySet()) {
                Component component = entry.getKey();
                String value = entry.getValue();
                int start = parsed.starts().getOrDefault(component, -1);
                if (component == Component.PROTOCOL && value.endsWith(":")) {
                    value = value.substring(0, value.length() - 1);
                } else if ((component == Component.SEARCH && value.startsWith("?"))
                        || (component == Component.HASH && value.startsWith("#"))) {
                    value = value.substring(1);
                    start = start < 0 ? -1 : start + 1;
                }
                values.put(component, value);
                starts.put(component, start);
                inherited.put(component, 0);
            }
            if (given.containsKey(Component.PATHNAME)) {
                resolvePathname();
            }
            for (Component component : COMPONENTS) {
                if (!values.containsKey(component)) {
                    values.put(component, "*");
                    starts.put(component, -1);
                    inherited.put(component, 0);
                }
            }
            Integer defaultPort = UrlParser.SPECIAL_SCHEMES.get(values.get(Component.PROTOCOL));
            if (defaultPort != null && values.get(Component.PORT).equals(Integer.toString(defaultPort))) {
                values.put(Component.PORT, "");
            }
            Map<Component, ComponentPattern> compiled = new EnumMap<>(Component.class);
            Boolean special = null;
            for (Component component : COMPONENTS) {
                try {
                    compiled.put(component, component.compile(values.get(component), special));
                } catch (UrlPatternException e) {
                    throw located(e, component, starts.get(component), inherited.get(component));
                }
                if (component == Component.PROTOCOL) {
                    special = compiled.get(component).matchesSpecialScheme();
                }
            }
            return compiled;
        }

        /** Components the pattern string does not reach, up to the first one it gives, come from the base URL. */
        private void inherit() {
            Map<Component, String> given = parsed.values();
            boolean specific = given.containsKey(Component.PROTOCOL);
            if (!specific) {
                fromBase(Component.PROTOCOL, base.scheme);
            }
            specific |= given.containsKey(Component.HOSTNAME);
            if (!specific) {
                fromBase(Component.HOSTNAME, base.host == null ? "" : base.host);
            }
            specific |= given.containsKey(Component.PORT);
            if (!specific) {
                fromBase(Component.PORT, base.port < 0 ? "" : Integer.toString(base.port));
            }
            specific |= given.containsKey(Component.PATHNAME);
            if (!specific) {
                fromBase(Component.PATHNAME, basePath());
            }
            specific |= given.containsKey(Component.SEARCH);
            if (!specific) {
                fromBase(Component.SEARCH, base.query == null ? "" : base.query);
            }
            specific |= given.containsKey(Component.HASH);
            if (!specific) {
                fromBase(Component.HASH, base.fragment == null ? "" : base.fragment);
            }
        }

        private void fromBase(Component component, String value) {
            values.put(component, escapePatternString(value));
            starts.put(component, -1);
            inherited.put(component, 0);
        }

        /** A relative pathname continues the base URL's directory, as a relative URL would. */
        private void resolvePathname() {
            String pathname = values.get(Component.PATHNAME);
            if (base == null || base.opaquePath != null || isAbsolutePathname(pathname)) {
                return;
            }
            String basePath = escapePatternString(basePath());
            int slash = basePath.lastIndexOf('/');
            if (slash >= 0) {
                String directory = basePath.substring(0, slash + 1);
                values.put(Component.PATHNAME, directory + pathname);
                inherited.put(Component.PATHNAME, directory.length());
            }
        }

        private String basePath() {
            return WhatwgUrl.pathname(base);
        }

        private static boolean isAbsolutePathname(String pathname) {
            if (pathname.isEmpty()) {
                return false;
            }
            if (pathname.charAt(0) == '/') {
                return true;
            }
            return pathname.length() >= 2 && (pathname.charAt(0) == '\\' || pathname.charAt(0) == '{')
                    && pathname.charAt(1) == '/';
        }

        /** {@code value} with the characters that have a meaning in a pattern string escaped. */
        private static String escapePatternString(String value) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ("+*?:{}()\\".indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
            return out.toString();
        }
    }
}
