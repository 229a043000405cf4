package dev.ssehub.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The flood of the CPU-exhaustion issue: {@link #CONNECTIONS} anonymous subscriptions, each asking
 * for {@link #SELECTORS} URI Templates {@code {+v0}{+v1}…{+v63}/c<N>s<M>}, all distinct. Each one
 * is held open (its bytes read and dropped); one that is refused, fails or ends is asked for again
 * {@link #RETRY_MILLIS} later, until {@link #stop()}: the same selectors again, or, with fresh
 * selectors, ones never asked for before ({@code …/c<N>s<M>r<attempt>}), which no cache of
 * compiled templates can absorb. All state lives on the {@link Generator}'s event loop.
 */
final class Attackers implements AutoCloseable {

    static final int CONNECTIONS = 40;
    static final int SELECTORS = 30;
    static final int VARIABLES = 64;
    static final long RETRY_MILLIS = 1_000;
    private static final int SAMPLE_CHARS = 200;

    private final Generator generator;
    private final RunningServer server;
    private final boolean freshSelectors;
    private final List<HttpClientAgent> clients = new ArrayList<>();
    private final int[] retries = new int[CONNECTIONS];
    private final Map<Integer, Long> refused = new TreeMap<>();
    private final Map<Integer, String> refusalSamples = new TreeMap<>();
    private boolean stopped;
    private long attempts;
    private long accepted;
    private long ended;
    private long errors;
    private long bytesRead;
    private int open;
    private String lastError;

    /**
     * Attackers connecting from {@code sourceAddresses} addresses, 127.0.0.101 and on, asking for new
     * selectors at each retry if {@code freshSelectors}.
     */
    Attackers(Generator generator, RunningServer server, int sourceAddresses, boolean freshSelectors) {
        this.generator = generator;
        this.server = server;
        this.freshSelectors = freshSelectors;
        for (int i = 0; i < sourceAddresses; i++) {
            HttpClientOptions options = new HttpClientOptions().setLocalAddress("127.0.0." + (101 + i))
                    .setKeepAlive(true).setTcpNoDelay(true);
            clients.add(generator.vertx().createHttpClient(options,
                    new PoolOptions().setHttp1MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1)));
        }
    }

    /** The path and query of attacker {@code n}'s subscription; {@code retry} > 0 makes its selectors new ones. */
    static String path(int n, int retry) {
        StringBuilder variables = new StringBuilder();
        for (int v = 0; v < VARIABLES; v++) {
            variables.append("{+v").append(v).append('}');
        }
        StringBuilder path = new StringBuilder("/.well-known/mercure");
        for (int m = 0; m < SELECTORS; m++) {
            String selector = variables + "/c" + n + "s" + m + (retry > 0 ? "r" + retry : "");
            path.append(m == 0 ? '?' : '&').append("topic=").append(URLEncoder.encode(selector, StandardCharsets.UTF_8));
        }
        return path.toString();
    }

    /** Opens every attacker's subscription, without waiting for any answer. */
    void start() throws InterruptedException, TimeoutException {
        generator.await(() -> {
            for (int n = 0; n < CONNECTIONS; n++) {
                attack(n);
            }
            return Future.succeededFuture();
        }, 30_000);
    }

    /** What the attack met so far. */
    record Snapshot(long attempts, long accepted, Map<Integer, Long> refused, Map<Integer, String> refusalSamples,
            long ended, long errors, int open, long bytesRead, String lastError) {

        /** Refused answers, all statuses together. */
        long refusedTotal() {
            return refused.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Snapshot snapshot() throws InterruptedException, TimeoutException {
        return generator.read(this::current);
    }

    /** Stops retrying and returns what the attack met until then; the connections stay open until {@link #close()}. */
    Snapshot stop() throws InterruptedException, TimeoutException {
        return generator.read(() -> {
            stopped = true;
            return current();
        });
    }

    /** Stops retrying and closes every connection. */
    @Override
    public void close() throws InterruptedException, TimeoutException {
        stop();
        generator.await(() -> Future.all(clients.stream().map(HttpClientAgent::close).toList()).mapEmpty(), 30_000);
    }

    private Snapshot current() {
        return new Snapshot(attempts, accepted, new TreeMap<>(refused), new TreeMap<>(refusalSamples), ended, errors, open,
                bytesRead, lastError);
    }

    private void attack(int n) {
        if (stopped) {
            return;
        }
        attempts++;
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                .setPort(server.port()).setURI(path(n, freshSelectors ? retries[n]++ : 0)).addHeader("Accept", "text/event-stream");
        clients.get(n % clients.size()).request(request).compose(r -> r.send()).onComplete(ar -> {
            if (ar.failed()) {
                errors++;
                lastError = String.valueOf(ar.cause());
                retry(n);
            } else if (ar.result().statusCode() == 200) {
                accepted++;
                open++;
                hold(n, ar.result());
            } else {
                refuse(n, ar.result());
            }
        });
    }

    private void hold(int n, HttpClientResponse response) {
        boolean[] over = new boolean[1];
        response.handler(chunk -> bytesRead += chunk.length());
        response.endHandler(v -> {
            if (!over[0]) {
                over[0] = true;
                open--;
                ended++;
                retry(n);
            }
        });
        response.exceptionHandler(e -> {
            if (!over[0]) {
                over[0] = true;
                open--;
                ended++;
                lastError = String.valueOf(e);
                retry(n);
            }
        });
    }

    private void refuse(int n, HttpClientResponse response) {
        int status = response.statusCode();
        refused.merge(status, 1L, Long::sum);
        response.body().onComplete(body -> {
            if (!refusalSamples.containsKey(status)) {
                String retryAfter = response.getHeader("Retry-After");
                String text = body.succeeded() ? body.result().toString(StandardCharsets.UTF_8) : String.valueOf(body.cause());
                refusalSamples.put(status, (retryAfter != null ? "Retry-After: " + retryAfter + "; " : "")
                        + response.getHeader("Content-Type") + "; "
                        + (text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) + "…" : text));
            }
            retry(n);
        });
    }

    private void retry(int n) {
        if (!stopped) {
            generator.vertx().setTimer(RETRY_MILLIS, id -> attack(n));
        }
    }
}
