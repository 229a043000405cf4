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
    private static final Logger LOG = Logger.getLogger(JwksKeys.class);
    // How long the keys held are used without asking jose4j's cache again (which fetches only when
    // its own copy expired).
    private static final Duration RECHECK_EVERY = Duration.ofSeconds(60);

    private final HttpsJwks jwks;
    private final Executor executor;
    private final String url;
    private volatile List<JsonWebKey> current = List.of();
    private volatile long freshUntilNanos = System.nanoTime();
    private volatile long lastRefreshNanos = System.nanoTime() - Duration.ofSeconds(REFRESH_AT_MOST_EVERY_SECONDS).toNanos();

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
        jwks.setSimpleHttpGet(get);
        jwks.setDefaultCacheDuration(300);
        jwks.setRefreshReprieveThreshold(REFRESH_AT_MOST_EVERY_SECONDS * 1000L);
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
        boolean mayRefresh = refresh
                && now - lastRefreshNanos >= Duration.ofSeconds(REFRESH_AT_MOST_EVERY_SECONDS).toNanos();
        if (!mayRefresh && isFresh()) {
            return CompletableFuture.completedFuture(current);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (mayRefresh) {
                    lastRefreshNanos = System.nanoTime();
                    jwks.refresh();
                }
                current = List.copyOf(jwks.getJsonWebKeys());
                freshUntilNanos = System.nanoTime() + RECHECK_EVERY.toNanos();
                return current;
            } catch (Exception e) {
                LOG.warnf("Could not fetch the JWKS at %s: %s", url, e.getMessage());
                throw new IllegalStateException("the issuer's key set (" + url + ") cannot be fetched now", e);
            }
        }, executor);
    }
}
