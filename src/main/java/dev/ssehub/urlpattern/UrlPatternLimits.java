package dev.ssehub.urlpattern;

/**
 * How large a URL pattern {@link UrlPattern#compile} accepts. Patterns come from untrusted clients:
 * RE2/J matches in time linear in the input, but the work per input character grows with the size of
 * the compiled program, and compiling grows with the pattern; these bound both.
 *
 * @param maxPatternLength longest pattern string, in UTF-16 units
 * @param maxParts most parts over all eight components: each run of fixed text, {@code :name},
 *     {@code *}, {@code (regexp)} and {@code {...}} group counts as one
 * @param maxProgramSize largest sum of the RE2/J program sizes of the eight components, which is
 *     {@link UrlPattern#cost()}
 */
public record UrlPatternLimits(int maxPatternLength, int maxParts, int maxProgramSize) {

    /**
     * 2048 characters, 64 parts and a program size of 10 000. {@code *://*} costs 31,
     * {@code https://example.com/books/:id} 50, Mercure's
     * {@code /.well-known/mercure/subscriptions/exact/:topic/:subscriber} 91, and a 2048-character
     * pattern of fixed text about 2 100; only counted repetitions in regular expressions
     * ({@code ([a-z]{1000})} alone costs about 1 000) come near the limit.
     */
    public static final UrlPatternLimits DEFAULT = new UrlPatternLimits(2048, 64, 10_000);

    /** @throws IllegalArgumentException if a limit is not positive */
    public UrlPatternLimits {
        if (maxPatternLength <= 0 || maxParts <= 0 || maxProgramSize <= 0) {
            throw new IllegalArgumentException("URL pattern limits must be positive: " + maxPatternLength + ", "
                    + maxParts + ", " + maxProgramSize);
        }
    }
}
