package dev.ssehub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends {@code GET path} every period, whatever became of the earlier probes (as a Kubernetes
 * probe does, so that a stalled server is met by every probe it would be), and records how long
 * each took: until the whole answer, or until the response head for a stream, which it then
 * resets. A probe without an answer within the timeout counts as the timeout. Latencies are kept
 * for the whole run and for each slice of it, by when the probe was sent, so that a stall shows
 * when it happened. All state lives on the {@link Generator}'s event loop.
 */
final class Prober implements AutoCloseable {

    private static final int MAX_IN_FLIGHT = 256;

    private final Generator generator;
    private final RunningServer server;
    private final String path;
    private final boolean untilHead;
    private final long periodMillis;
    private final long timeoutMillis;
    private final long sliceNanos;
    private final HttpClientAgent client;
    private final Histogram latency = newHistogram();
    private final List<Histogram> slices = new ArrayList<>();
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final Promise<Void> idle = Promise.promise();
    private long timer = -1;
    private long startNanos;
    private boolean stopped;
    private long sent;
    private long timeouts;
    private long errors;
    private int inFlight;
    private String lastError;

    /**
     * @param path      the path and query to GET
     * @param untilHead whether the answer is a stream: measured until its head, then reset
     * @param sliceMillis the length of the slices latencies are also kept by
     * @param sliceCount  how many slices: a probe sent after the last one's end counts in the last
     */
    Prober(Generator generator, RunningServer server, String path, boolean untilHead, long periodMillis, long timeoutMillis,
            long sliceMillis, int sliceCount) {
        this.generator = generator;
        this.server = server;
        this.path = path;
        this.untilHead = untilHead;
        this.periodMillis = periodMillis;
        this.timeoutMillis = timeoutMillis;
        this.sliceNanos = TimeUnit.MILLISECONDS.toNanos(sliceMillis);
        for (int i = 0; i < sliceCount; i++) {
            slices.add(newHistogram());
        }
        // Kept alive unless a probe resets its connection: a stream, or one that timed out.
        this.client = generator.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(!untilHead).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT).setMaxWaitQueueSize(-1));
    }

    /**
     * What the probes met. Latencies are in nanoseconds, {@code slices} by when they were sent;
     * {@code statuses} counts answers by status.
     */
    record Result(long sent, long timeouts, long errors, Map<Integer, Long> statuses, Histogram latency,
            List<Histogram> slices, String lastError) {

        /** Answers with status 200. */
        long ok() {
            return statuses.getOrDefault(200, 0L);
        }
    }

    /** Sends the first probe now and one every period after it. */
    void start() throws InterruptedException, TimeoutException {
        generator.await(() -> {
            startNanos = System.nanoTime();
            timer = generator.vertx().setPeriodic(1, periodMillis, id -> probe());
            return Future.succeededFuture();
        }, 30_000);
    }

    /** Sends no more probes, waits for those in flight (at most the timeout) and returns what they met. */
    Result stop() throws InterruptedException, TimeoutException {
        return generator.await(() -> {
            stopped = true;
            generator.vertx().cancelTimer(timer);
            if (inFlight == 0) {
                idle.tryComplete();
            }
            return idle.future().map(v -> new Result(sent, timeouts, errors, new TreeMap<>(statuses), latency.copy(),
                    slices.stream().map(Histogram::copy).toList(), lastError));
        }, timeoutMillis + 30_000);
    }

    @Override
    public void close() throws InterruptedException, TimeoutException {
        generator.await(client::close, 30_000);
    }

    private void probe() {
        long start = System.nanoTime();
        sent++;
        inFlight++;
        boolean[] done = new boolean[1];
        HttpClientRequest[] request = new HttpClientRequest[1];
        long deadline = generator.vertx().setTimer(timeoutMillis, id -> {
            if (!done[0]) {
                done[0] = true;
                timeouts++;
                record(start, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
                if (request[0] != null) {
                    request[0].reset();
                }
                finish();
            }
        });
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                .setPort(server.port()).setURI(path);
        if (untilHead) {
            options.addHeader("Accept", "text/event-stream");
        }
        client.request(options).compose(r -> {
            request[0] = r;
            return r.send();
        }).compose(response -> {
            int status = response.statusCode();
            if (untilHead) {
                // The reset ends the stream with an exception: expected, not worth Vert.x's log line.
                response.exceptionHandler(e -> { });
                response.request().reset();
                return Future.succeededFuture(status);
            }
            return response.body().map(body -> status);
        }).onComplete(ar -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            generator.vertx().cancelTimer(deadline);
            record(start, Math.min(System.nanoTime() - start, TimeUnit.MILLISECONDS.toNanos(timeoutMillis)));
            if (ar.succeeded()) {
                statuses.merge(ar.result(), 1L, Long::sum);
            } else {
                errors++;
                lastError = String.valueOf(ar.cause());
            }
            finish();
        });
    }

    private void record(long sentNanos, long nanos) {
        latency.recordValue(nanos);
        int slice = (int) Math.min(slices.size() - 1, (sentNanos - startNanos) / sliceNanos);
        slices.get(slice).recordValue(nanos);
    }

    private static Histogram newHistogram() {
        return new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    }

    private void finish() {
        inFlight--;
        if (stopped && inFlight == 0) {
            idle.tryComplete();
        }
    }
}
