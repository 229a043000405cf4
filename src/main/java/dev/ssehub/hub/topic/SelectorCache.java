package dev.ssehub.hub.topic;

import java.util.concurrent.CompletionException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Compiled topic selectors, kept so that the same strings, which most subscribers and tokens
 * repeat, are compiled once. Bounded by weight (each selector weighs its {@link TopicSelector#cost()}
 * plus its length), evicting what was least used recently and frequently first, so clients sending
 * ever new templates cannot grow it. Thread-safe.
 *
 * <p>Each owner (a hub's subscription index, the token rules) has its own: no global state that
 * one user can flush for all the others.
 */
public final class SelectorCache {

    /** Weight kept by default: a few hundred thousand typical selectors, at most a few tens of megabytes. */
    public static final long DEFAULT_WEIGHT = 1L << 20;

    private final Cache<Matcher, TopicSelector> compiled;
    private final String baseUrl;

    /**
     * A cache of {@link #DEFAULT_WEIGHT}.
     *
     * @param baseUrl the hub's URL, for relative URL patterns and topics; {@code null}: none
     */
    public SelectorCache(String baseUrl) {
        this(DEFAULT_WEIGHT, baseUrl);
    }

    /**
     * @param maxWeight the most weight kept
     * @param baseUrl   the hub's URL, for relative URL patterns and topics; {@code null}: none
     */
    public SelectorCache(long maxWeight, String baseUrl) {
        this.baseUrl = baseUrl;
        this.compiled = Caffeine.newBuilder()
                .maximumWeight(maxWeight)
                .weigher((Matcher matcher, TopicSelector selector) -> 1 + selector.cost() + matcher.value().length() / 8)
                .build();
    }

    /** The compiled draft-07 selector {@code value}; see {@link #get(Matcher)}. */
    public TopicSelector get(String value) {
        return get(Matcher.selector(value));
    }

    /**
     * The compiled selector for {@code matcher}; compiles it on the calling thread when it is not
     * kept (do that off event loops for patterns of unknown cost).
     *
     * @throws IllegalArgumentException if it is malformed for its type, saying why
     */
    public TopicSelector get(Matcher matcher) {
        if (!needsCompiling(matcher)) {
            // Nothing to compile: keeping them would only take room from patterns.
            return TopicSelector.compile(matcher, baseUrl);
        }
        try {
            return compiled.get(matcher, key -> TopicSelector.compile(key, baseUrl));
        } catch (CompletionException e) {
            throw e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
        }
    }

    /** The selector for {@code matcher}, or {@code null} if it is malformed: for matchers of tokens, which grant nothing then. */
    public TopicSelector getOrNull(Matcher matcher) {
        try {
            return get(matcher);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code matcher} is compiled already, so that getting it costs no compilation. */
    public boolean contains(Matcher matcher) {
        return !needsCompiling(matcher) || compiled.getIfPresent(matcher) != null;
    }

    /** Whether compiling {@code matcher} runs a compiler (a URI Template or a URL Pattern). */
    public static boolean needsCompiling(Matcher matcher) {
        if (matcher.isAny()) {
            return false;
        }
        return switch (matcher.type()) {
            case SELECTOR, URI_TEMPLATE -> TopicSelector.isTemplate(matcher.value());
            case EXACT -> false;
            case URL_PATTERN -> true;
        };
    }
}
