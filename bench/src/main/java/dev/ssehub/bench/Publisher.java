package dev.ssehub.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * Publishes updates to one topic at a steady rate for a bounded time, with at most
 * {@link #MAX_IN_FLIGHT} requests waiting for an answer: when the server answers too slowly the
 * publisher falls behind its plan, which the benchmark reports as throttled.
 */
final class Publisher implements AutoCloseable {

    static final int MAX_IN_FLIGHT = 16;
    private static final long TICK_MILLIS = 2;

    private final Generator generator;
    private final RunningServer server;
    private final String topic;
    private final HttpClientAgent client;

    Publisher(Generator generator, RunningServer server, String topic) {
        this(generator, server, topic, 0);
    }

    /**
     * A publisher whose requests fail once their connection has carried nothing for
     * {@code idleTimeoutSeconds} (0: they wait for ever), so that a run ends even if the server stops
     * answering.
     */
    Publisher(Generator generator, RunningServer server, String topic, int idleTimeoutSeconds) {
        this.generator = generator;
        this.server = server;
        this.topic = topic;
        this.client = generator.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS),
                new PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT));
    }

    /** How one run went. */
    record Result(long planned, long sent, long accepted, long failed, long elapsedNanos, String lastFailure) {

        /** Whether it fell behind its plan or the server refused updates. */
        boolean throttled() {
            return sent < planned * 0.95 || failed > 0;
        }
    }

    /** Publishes {@code ratePerSecond} updates a second, tagged {@code step}, for {@code durationMillis}. */
    Result run(int step, double ratePerSecond, long durationMillis) throws InterruptedException, TimeoutException {
        return generator.await(() -> new Run(step, ratePerSecond, durationMillis).start(), durationMillis + 60_000);
    }

    /** Publishes one update tagged {@code step}; returns the {@link System#nanoTime()} it carries. */
    long publishOne(int step) throws InterruptedException, TimeoutException {
        return generator.await(() -> {
            long now = System.nanoTime();
            return server.server().publish(client, server.port(), topic, Payload.encode(step, now)).map(now);
        }, 60_000);
    }

    @Override
    public void close() throws InterruptedException, TimeoutException {
        generator.await(client::close, 30_000);
    }

    /** One paced run; lives on the event loop. */
    private final class Run {

        private final int step;
        private final double ratePerSecond;
        private final long durationNanos;
        private final long planned;
        private final Promise<Result> done = Promise.promise();
        private long start;
        private long timer;
        private boolean stopped;
        private long sent;
        private long accepted;
        private long failed;
        private int inFlight;
        private String lastFailure;

        Run(int step, double ratePerSecond, long durationMillis) {
            this.step = step;
            this.ratePerSecond = ratePerSecond;
            this.durationNanos = TimeUnit.MILLISECONDS.toNanos(durationMillis);
            this.planned = (long) Math.ceil(ratePerSecond * durationMillis / 1000.0);
        }

        Future<Result> start() {
            start = System.nanoTime();
            timer = generator.vertx().setPeriodic(TICK_MILLIS, id -> tick());
            tick();
            return done.future();
        }

        private void tick() {
            long elapsed = System.nanoTime() - start;
            long due = elapsed >= durationNanos ? planned : Math.min(planned, 1 + (long) (ratePerSecond * elapsed / 1e9));
            while (sent < due && inFlight < MAX_IN_FLIGHT) {
                send();
            }
            if (elapsed >= durationNanos && !stopped) {
                stopped = true;
                generator.vertx().cancelTimer(timer);
                finishIfIdle();
            }
        }

        private void send() {
            sent++;
            inFlight++;
            server.server().publish(client, server.port(), topic, Payload.encode(step, System.nanoTime()))
                    .onComplete(ar -> {
                        inFlight--;
                        if (ar.succeeded()) {
                            accepted++;
                        } else {
                            failed++;
                            lastFailure = String.valueOf(ar.cause());
                        }
                        finishIfIdle();
                    });
        }

        private void finishIfIdle() {
            if (stopped && inFlight == 0) {
                done.tryComplete(new Result(planned, sent, accepted, failed, System.nanoTime() - start, lastFailure));
            }
        }
    }
}
