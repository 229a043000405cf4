package dev.ssehub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Many SSE subscriptions to one server from this process, one connection each, spread over
 * several loopback source addresses ({@code 127.0.0.1}, {@code 127.0.0.2}, …) so that no single
 * address runs out of ports. It counts, per benchmark step, the events received and their
 * publish-to-receive latency. All state lives on the {@link Generator}'s event loop.
 */
final class Subscribers implements AutoCloseable {

    /** Steps are numbered from 0 to MAX_STEPS - 1 in the payloads. */
    static final int MAX_STEPS = 64;
    private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(5);
    // After the publisher stops, how long deliveries may take to arrive, and to stall.
    private static final long GRACE_MILLIS = 10_000;
    private static final long STALL_MILLIS = 2_000;

    private final Generator generator;
    private final int port;
    private final Server server;
    private final Listener listener;
    private final List<HttpClientAgent> clients = new ArrayList<>();
    private final long[] received = new long[MAX_STEPS];
    private final long[] lastReceivedNanos = new long[MAX_STEPS];
    private final Histogram[] latency = new Histogram[MAX_STEPS];
    private final Histogram firstByte = new Histogram(MAX_LATENCY_NANOS, 3);
    private int opened;
    private int failed;
    private int ended;
    private int launched;
    private String lastFailure;

    /**
     * @param capacity        the most subscriptions it will open
     * @param sourceAddresses how many 127.0.0.x addresses to connect from
     */
    Subscribers(Generator generator, RunningServer server, int capacity, int sourceAddresses) {
        this(generator, server.port(), server.server(), capacity, 1, sourceAddresses, Listener.NONE);
    }

    /**
     * Subscriptions to {@code server} on {@code port}, which this process need not have started,
     * connecting from {@code 127.0.0.<firstAddress>} and the {@code sourceAddresses - 1} after it,
     * and telling {@code listener} of every benchmark event besides counting it.
     */
    Subscribers(Generator generator, int port, Server server, int capacity, int firstAddress, int sourceAddresses,
            Listener listener) {
        this.generator = generator;
        this.port = port;
        this.server = server;
        this.listener = listener;
        for (int i = 0; i < sourceAddresses; i++) {
            HttpClientOptions options = new HttpClientOptions()
                    .setLocalAddress("127.0.0." + (firstAddress + i))
                    .setKeepAlive(true)
                    .setTcpNoDelay(true)
                    .setConnectTimeout(60_000);
            PoolOptions pool = new PoolOptions().setHttp1MaxSize(capacity / sourceAddresses + 1).setMaxWaitQueueSize(-1);
            clients.add(generator.vertx().createHttpClient(options, pool));
        }
    }

    /**
     * Opens {@code count} more subscriptions to {@code topic}, at most {@code concurrency} at a
     * time, and waits until each has its response headers or failed. Returns the nanoseconds it
     * took.
     */
    long open(int count, String topic, int concurrency, long timeoutMillis) throws InterruptedException, TimeoutException {
        long start = System.nanoTime();
        generator.await(() -> {
            Promise<Void> done = Promise.promise();
            new Opener(count, topic, concurrency, done).launchMore();
            return done.future();
        }, timeoutMillis);
        return System.nanoTime() - start;
    }

    /** What has been counted so far for {@code step}; cheap enough to poll. */
    Snapshot snapshot(int step) throws InterruptedException, TimeoutException {
        return generator.read(() -> new Snapshot(opened, failed, ended, received[step], lastReceivedNanos[step], lastFailure));
    }

    /** Waits until {@code expected} events of {@code step} arrived, or they stall, or the grace runs out. */
    Snapshot awaitDeliveries(int step, long expected) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            Snapshot snapshot = snapshot(step);
            long now = System.nanoTime();
            if (snapshot.received() >= expected || now > deadline) {
                return snapshot;
            }
            if (snapshot.received() != lastCount) {
                lastCount = snapshot.received();
                lastProgress = now;
            } else if (now - lastProgress > TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
                return snapshot;
            }
            Thread.sleep(20);
        }
    }

    /** A copy of the publish-to-receive latencies (nanoseconds) of {@code step}'s events. */
    Histogram latency(int step) throws InterruptedException, TimeoutException {
        return generator.read(() -> latency[step] == null ? new Histogram(MAX_LATENCY_NANOS, 3) : latency[step].copy());
    }

    /** A copy of the times (nanoseconds) from sending a subscription request to its response headers. */
    Histogram firstByte() throws InterruptedException, TimeoutException {
        return generator.read(firstByte::copy);
    }

    /** Told of each benchmark event as it arrives, on the event loop. */
    @FunctionalInterface
    interface Listener {

        /** A listener that does nothing. */
        Listener NONE = (step, sentNanos, receivedNanos) -> { };

        /** An event of {@code step} published at {@code sentNanos} arrived at {@code receivedNanos} ({@link System#nanoTime()}). */
        void onEvent(int step, long sentNanos, long receivedNanos);
    }

    /** Counts of the subscriptions, and of one step's events. */
    record Snapshot(int opened, int failed, int ended, long received, long lastReceivedNanos, String lastFailure) {

        /** Subscriptions open now. */
        int open() {
            return opened - ended;
        }
    }

    @Override
    public void close() throws InterruptedException, TimeoutException {
        generator.await(() -> Future.all(clients.stream().map(HttpClientAgent::close).toList()).mapEmpty(), 60_000);
    }

    private void onEvent(byte[] data, int length) {
        int step = Payload.step(data, length);
        long sent = Payload.nanos(data, length);
        if (step < 0 || step >= MAX_STEPS || sent < 0) {
            return;
        }
        long now = System.nanoTime();
        received[step]++;
        lastReceivedNanos[step] = now;
        Histogram histogram = latency[step];
        if (histogram == null) {
            histogram = new Histogram(MAX_LATENCY_NANOS, 3);
            latency[step] = histogram;
        }
        histogram.recordValue(Math.min(MAX_LATENCY_NANOS, Math.max(0, now - sent)));
        listener.onEvent(step, sent, now);
    }

    /** Opens a batch of subscriptions with bounded concurrency; lives on the event loop. */
    private final class Opener {

        private final int count;
        private final String topic;
        private final int concurrency;
        private final Promise<Void> done;
        private int started;
        private int finished;

        Opener(int count, String topic, int concurrency, Promise<Void> done) {
            this.count = count;
            this.topic = topic;
            this.concurrency = concurrency;
            this.done = done;
        }

        void launchMore() {
            if (count == 0) {
                done.tryComplete();
                return;
            }
            while (started < count && started - finished < concurrency) {
                started++;
                openOne();
            }
        }

        private void openOne() {
            long start = System.nanoTime();
            HttpClientAgent client = clients.get(launched++ % clients.size());
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                    .setPort(port).setURI(server.subscribePath(topic))
                    .addHeader("Accept", "text/event-stream");
            client.request(request).compose(r -> r.send()).onComplete(ar -> {
                if (ar.succeeded() && ar.result().statusCode() == 200) {
                    opened++;
                    firstByte.recordValue(Math.min(MAX_LATENCY_NANOS, System.nanoTime() - start));
                    follow(ar.result());
                } else {
                    failed++;
                    lastFailure = ar.succeeded() ? "status " + ar.result().statusCode() : String.valueOf(ar.cause());
                }
                finished++;
                if (finished == count) {
                    done.tryComplete();
                } else {
                    launchMore();
                }
            });
        }

        private void follow(HttpClientResponse response) {
            SseParser parser = new SseParser(Subscribers.this::onEvent);
            boolean[] over = new boolean[1];
            response.handler(parser::feed);
            response.endHandler(v -> {
                if (!over[0]) {
                    over[0] = true;
                    ended++;
                }
            });
            response.exceptionHandler(e -> {
                if (!over[0]) {
                    over[0] = true;
                    ended++;
                    lastFailure = String.valueOf(e);
                }
            });
        }
    }
}
