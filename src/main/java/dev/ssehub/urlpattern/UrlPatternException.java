package dev.ssehub.urlpattern;

/**
 * A URL pattern that {@link UrlPattern#compile} refuses, with a message for the person who wrote it:
 * what is wrong and, where it can be pointed at, the index (in UTF-16 units) in the pattern.
 */
public final class UrlPatternException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a pattern was refused. */
    public enum Kind {
        /** Not a valid URL pattern by the URL Pattern Standard (browsers refuse it too). */
        INVALID,
        /** Valid, but uses a regular expression feature RE2/J cannot run in linear time (lookaround, back-references). */
        UNSUPPORTED,
        /** Valid, but longer or larger than the {@link UrlPatternLimits} allow. */
        TOO_LARGE
    }

    private final Kind kind;
    private final int index;

    UrlPatternException(Kind kind, String message, int index) {
        super(message);
        this.kind = kind;
        this.index = index;
    }

    /** Why the pattern was refused. */
    public Kind kind() {
        return kind;
    }

    /** Index in the pattern string where the problem is, or -1 when it is not at one place. */
    public int index() {
        return index;
    }
}
