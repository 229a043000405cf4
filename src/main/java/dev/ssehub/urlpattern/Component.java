package dev.ssehub.urlpattern;

import java.util.List;
import java.util.Locale;

/**
 * The eight components a URL pattern matches, each with how its pattern string splits into
 * segments and how its fixed text is canonicalized (the URL Pattern Standard's options and
 * encoding callback of each component).
 */
enum Component {

    PROTOCOL, USERNAME, PASSWORD, HOSTNAME, PORT, PATHNAME, SEARCH, HASH;

    /** The schemes whose URLs have hierarchical paths, hosts that are domains, and default ports. */
    static final List<String> SPECIAL_SCHEMES = List.of("ftp", "file", "http", "https", "ws", "wss");

    /**
     * Parses {@code pattern} as this component's pattern string and compiles it.
     *
     * @param specialProtocol for the pathname only: whether the protocol component matches a special
     *     scheme, which makes paths hierarchical; null for other components
     */
    ComponentPattern compile(String pattern, Boolean specialProtocol) throws UrlPatternException {
        PatternParser.Options options = options(specialProtocol);
        return ComponentPattern.compile(this, pattern, PatternParser.parse(pattern, options, encoder(pattern, specialProtocol)),
                options);
    }

    private PatternParser.Options options(Boolean specialProtocol) {
        switch (this) {
            case HOSTNAME:
                return PatternParser.Options.HOSTNAME;
            case PATHNAME:
                return Boolean.TRUE.equals(specialProtocol) ? PatternParser.Options.PATHNAME : PatternParser.Options.DEFAULT;
            default:
                return PatternParser.Options.DEFAULT;
        }
    }

    private PatternParser.Encoder encoder(String pattern, Boolean specialProtocol) {
        switch (this) {
            case PROTOCOL:
                return Canonical::protocol;
            case USERNAME:
            case PASSWORD:
                return Canonical::userinfo;
            case HOSTNAME:
                return isIpv6(pattern) ? Canonical::ipv6Hostname : Canonical::hostname;
            case PORT:
                return Canonical::port;
            case PATHNAME:
                return Boolean.TRUE.equals(specialProtocol) ? Canonical::pathname : Canonical::opaquePathname;
            case SEARCH:
                return Canonical::search;
            default:
                return Canonical::hash;
        }
    }

    /** A hostname pattern that starts with '[' (perhaps escaped or in a group) is an IPv6 address. */
    private static boolean isIpv6(String pattern) {
        if (pattern.length() < 2) {
            return false;
        }
        return pattern.charAt(0) == '[' || ((pattern.charAt(0) == '\\' || pattern.charAt(0) == '{') && pattern.charAt(1) == '[');
    }

    /** How messages name the component. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
