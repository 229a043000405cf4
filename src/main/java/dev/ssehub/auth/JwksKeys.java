package dev.ssehub.auth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.jboss.logging.Logger;
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;

/**
 * The keys of one issuer's JSON Web Key Set, fetched over HTTP(S) off the event loops. Kept as the
 * answer's {@code Cache-Control}/{@code Expires} say (jose4j's {@link HttpsJwks}); fetched again
 * when a token names a key the set lacks, at most every {@value #REFRESH_AT_MOST_EVERY_SECONDS}
 * seconds, so that tokens with made-up {@code kid}s cannot make the hub hammer the issuer.
 * Thread-safe.
 */
final class JwksKeys {

    static final int REFRESH_AT_MOST_EVERY_SECONDS = 30;
    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(REFRESH_AT_MOST_EVERY_SECONDS);
    private static final Duration FAIL_FAST_FOR = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(JwksKeys.class);
    // How long the keys held are used without asking jose4j's cache again (which fetches only when
    // its own copy expired).
    private static final Duration RECHECK_EVERY = Duration.ofSeconds(60);

    private final HttpsJwks jwks;
    private final Executor executor;
    private final String url;
    private volatile List<JsonWebKey> current = List.of();
    private volatile long freshUntilNanos = System.nanoTime();
    // Guarded by this.
    private long lastRefreshNanos = System.nanoTime() - Duration.ofSeconds(REFRESH_AT_MOST_EVERY_SECONDS).toNanos();
    private long failedUntilNanos = System.nanoTime();
    private CompletableFuture<List<JsonWebKey>> inFlight;

    /**
     * @param url      where the set is
     * @param timeout  how long connecting, and then reading, may each take
     * @param executor where fetching blocks; one thread is enough
     */
    JwksKeys(String url, Duration timeout, Executor executor) {
        this.url = url;
        this.executor = executor;
        this.jwks = new HttpsJwks(url);
        Get get = new Get();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        get.setConnectTimeout(millis);
        get.setReadTimeout(millis);
        get.setResponseBodySizeLimit(512 * 1024);
        // The timeout bounds the whole fetch: no retries (a token waits at most about one timeout).
        get.setRetries(0);
        jwks.setSimpleHttpGet(get);
        jwks.setDefaultCacheDuration(300);
        // How often a token with an unknown kid may cause a fetch is decided here, not by jose4j.
        jwks.setRefreshReprieveThreshold(0);
        jwks.setRetainCacheOnErrorDuration(300);
    }

    /** The keys held now, without fetching; empty before the first fetch. */
    List<JsonWebKey> current() {
        return current;
    }

    /** Whether the keys held now are within their cache lifetime. */
    boolean isFresh() {
        return System.nanoTime() - freshUntilNanos < 0;
    }

    /**
     * The keys, fetched first when they are stale or when {@code refresh} (a token named a key they
     * lack). Fails when the set cannot be fetched or read and no copy is held.
     */
    CompletionStage<List<JsonWebKey>> keys(boolean refresh) {
        long now = System.nanoTime();
        synchronized (this) {
            boolean mayRefresh = refresh && now - lastRefreshNanos >= REFRESH_INTERVAL.toNanos();
            if (!mayRefresh && isFresh()) {
                return CompletableFuture.completedFuture(current);
            }
            if (inFlight != null) {
                // Tokens that arrive during a fetch wait for it rather than queue fetches of their own.
                return inFlight;
            }
            if (now - failedUntilNanos < 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("the issuer's key set (" + url
                        + ") could not be fetched moments ago"));
            }
            // Any fetch counts: a token with an unknown kid right after one waits for the next window.
            lastRefreshNanos = now;
            CompletableFuture<List<JsonWebKey>> fetch = CompletableFuture.supplyAsync(() -> fetch(mayRefresh), executor);
            inFlight = fetch;
            fetch.whenComplete((keys, failure) -> {
                synchronized (this) {
                    inFlight = null;
                    if (failure != null) {
                        // Failing fast for a moment keeps a flood of tokens from hammering an issuer that is down.
                        failedUntilNanos = System.nanoTime() + FAIL_FAST_FOR.toNanos();
                    }
                }
            });
            return fetch;
        }
    }

    private List<JsonWebKey> fetch(boolean refresh) {
        try {
            if (refresh) {
                jwks.refresh();
            }
            current = List.copyOf(jwks.getJsonWebKeys());
            freshUntilNanos = System.nanoTime() + RECHECK_EVERY.toNanos();
            return current;
        } catch (Exception e) {
            LOG.warnf("Could not fetch the JWKS at %s: %s", url, e.getMessage());
            throw new IllegalStateException("the issuer's key set (" + url + ") cannot be fetched now", e);
        }
    }
}
