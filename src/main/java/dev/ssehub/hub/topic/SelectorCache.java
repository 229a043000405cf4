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

    private final Cache<String, TopicSelector> compiled;

    /** A cache of {@link #DEFAULT_WEIGHT}. */
    public SelectorCache() {
        this(DEFAULT_WEIGHT);
    }

    /** @param maxWeight the most weight kept */
    public SelectorCache(long maxWeight) {
        this.compiled = Caffeine.newBuilder()
                .maximumWeight(maxWeight)
                .weigher((String value, TopicSelector selector) -> 1 + selector.cost() + value.length() / 8)
                .build();
    }

    /**
     * The compiled selector for {@code value}; compiles it on the calling thread when it is not
     * kept (do that off event loops for templates of unknown cost).
     *
     * @throws IllegalArgumentException if {@code value} is a malformed URI Template, saying why
     */
    public TopicSelector get(String value) {
        if (!TopicSelector.isTemplate(value)) {
            // Nothing to compile: keeping them would only take room from templates.
            return TopicSelector.compile(value);
        }
        try {
            return compiled.get(value, TopicSelector::compile);
        } catch (CompletionException e) {
            throw e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
        }
    }

    /** The selector for {@code value}, or {@code null} if it is malformed: for selectors of tokens, which grant nothing then. */
    public TopicSelector getOrNull(String value) {
        try {
            return get(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code value} is compiled already, so that getting it costs no compilation. */
    public boolean contains(String value) {
        return !TopicSelector.isTemplate(value) || compiled.getIfPresent(value) != null;
    }
}
