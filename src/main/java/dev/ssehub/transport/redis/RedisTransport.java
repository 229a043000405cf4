package dev.ssehub.transport.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.History;
import dev.ssehub.hub.Transport;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.hub.Update;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;

/**
 * A transport on a Redis Stream shared by every replica: each replica appends its updates to the
 * stream ({@link StreamWriter}), reads the stream for its own subscribers ({@link StreamReader}),
 * and reads the history for reconnecting ones ({@link HistoryReader}); the keys and entries are
 * {@link StreamEntries}'.
 *
 * <p>The stream is trimmed to about the history size, but keeps at least {@value #DELIVERY_WINDOW}
 * entries, so that a replica that falls briefly behind or reconnects still reads every update;
 * reads of the history look at the last history-size entries only, and skip those older than the
 * maximum age. {@link #dispatch} fails with {@link TransportUnavailableException} whenever Redis
 * does not confirm an update, saying whether it may have been stored; with replicas required, it
 * confirms an update only once that many Redis replicas acknowledged it. Thread-safe.
 */
public final class RedisTransport implements Transport {

    /** Entries the stream keeps however small the history, for replicas that read late. */
    public static final int DELIVERY_WINDOW = 10_000;

    /**
     * How the transport uses Redis.
     *
     * @param keyPrefix         prefix of every key; replicas of one hub share it
     * @param historySize       updates retained for replay
     * @param maxAge            age after which an update is no longer replayed, or {@code null} for none
     * @param timeout           how long a command may take before the transport counts Redis as unreachable
     * @param minReplicas       Redis replicas that must acknowledge an update before it is confirmed; 0: none
     * @param replicaAckTimeout how long to wait for them, shorter than {@code timeout} when any are required
     */
    public record Settings(String keyPrefix, int historySize, Duration maxAge, Duration timeout, int minReplicas,
            Duration replicaAckTimeout) {

        /** Validates. */
        public Settings {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (historySize < 0) {
                throw new IllegalArgumentException("historySize must not be negative");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            if (minReplicas < 0) {
                throw new IllegalArgumentException("minReplicas must not be negative");
            }
            if (minReplicas > 0 && (replicaAckTimeout.isNegative() || replicaAckTimeout.isZero()
                    || replicaAckTimeout.compareTo(timeout) >= 0)) {
                throw new IllegalArgumentException("replicaAckTimeout must be positive and shorter than timeout");
            }
        }

        /** Settings that wait for no replica. */
        public Settings(String keyPrefix, int historySize, Duration maxAge, Duration timeout) {
            this(keyPrefix, historySize, maxAge, timeout, 0, Duration.ofSeconds(1));
        }
    }

    private final StreamWriter writer;
    private final StreamReader reader;
    private final HistoryReader history;
    private volatile boolean closed;

    /**
     * Creates the transport and starts its reader, which begins with the updates appended after
     * this call; waits up to the timeout for Redis, then goes on unreachable and keeps trying.
     *
     * @param redis       the client; the transport never closes it
     * @param settings    keys and bounds
     * @param clockMillis wall clock in epoch milliseconds, replaceable in tests
     */
    public RedisTransport(Redis redis, Settings settings, LongSupplier clockMillis) {
        StreamEntries entries = new StreamEntries(settings.keyPrefix());
        int streamLength = Math.max(settings.historySize(), DELIVERY_WINDOW);
        this.writer = new StreamWriter(new ReplicaAcks(redis, settings.minReplicas(), settings.replicaAckTimeout()), entries,
                streamLength, settings.timeout(), clockMillis);
        this.reader = new StreamReader(redis, entries, settings.historySize(), streamLength, settings.timeout(),
                clockMillis);
        this.history = new HistoryReader(redis, entries, settings.historySize(), settings.maxAge(), settings.timeout(),
                clockMillis);
        try {
            // Waits without cancelling: a slow first connection goes on, and a failed one is retried.
            reader.start().subscribeAsCompletionStage().get(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Logged as unreachable by the reader, which retries.
        }
    }

    @Override
    public Uni<Envelope> dispatch(Update update) {
        return Uni.createFrom().deferred(() -> closed
                ? Uni.createFrom().failure(new TransportUnavailableException("the hub is shutting down; nothing was "
                        + "published", null))
                // Redis took it: a reader waiting to reconnect (after a failover, say) need wait no longer.
                : writer.append(update).invoke(appended -> reader.retryNow()));
    }

    @Override
    public Multi<Envelope> subscribe() {
        return reader.listen(writer.lastAppended());
    }

    @Override
    public Uni<History> history(String lastEventId) {
        return history.read(lastEventId);
    }

    @Override
    public String name() {
        return "redis";
    }

    /** Updates retained, from a count taken about once a second; ignores the maximum age. */
    @Override
    public long retainedCount() {
        return reader.retainedCount();
    }

    // Replicas that do not acknowledge updates leave this true: the master accepts writes and serves
    // reads, so subscribers (and every replica of the hub alike) are served; taking every replica out
    // of the load balancer would cut them off too. Publishers get a 503 that says why, per update.
    @Override
    public boolean isReady() {
        return !closed && reader.isReachable();
    }

    @Override
    public void close() {
        closed = true;
        reader.close();
    }
}
