package dev.ssehub.transport.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Position;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * This replica's reader of the stream: a blocking {@code XREAD} on a connection of its own, so that
 * every replica delivers every update, in the stream's order, to its listeners.
 *
 * <p>The reader alone decides whether Redis is reachable, so that one slow command does not flap
 * readiness: it is unreachable when the reader cannot connect, its read fails, or Redis leaves a
 * read unanswered for longer than the block time plus the timeout. Then the reader reconnects with
 * a growing, jittered delay, or at once when another command has just reached Redis
 * ({@link #retryNow()}), and resumes after the last entry it read. Each change is logged once.
 *
 * <p>The connection stays on the server it was opened to, while the client's other commands go to
 * wherever the master is now (with Sentinel, the one the sentinels name). So every
 * {@value #MASTER_CHECK_SECONDS} seconds the reader compares the {@code run_id} of its server with
 * that of the master the client's commands reach, and moves to the master when they differ: after a
 * failover, an old master that is still reachable (a network partition, a switchover) would
 * otherwise keep the reader on a stream that no longer grows. On a Redis Cluster there is no such
 * check: the client follows a node's {@code MOVED} answer to the slot's current master itself.
 * Thread-safe: one read is in flight at a time, and each step starts the next.
 */
final class StreamReader {

    private static final Logger LOG = Logger.getLogger(StreamReader.class);
    private static final int READ_BATCH = 500;
    private static final Duration BLOCK = Duration.ofSeconds(2);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    private static final String NO_ENTRY = "0-0";
    private static final int MASTER_CHECK_SECONDS = 2;
    private static final Request INFO_SERVER = Request.cmd(Command.INFO).arg("server");
    // Clock difference between replicas and Redis that a late first connection allows for.
    private static final Duration START_MARGIN = Duration.ofSeconds(1);

    private final Redis redis;
    private final StreamEntries entries;
    private final String streamKey;
    private final int historySize;
    private final int streamLength;
    private final Duration timeout;
    private final LongSupplier clockMillis;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reachable = new AtomicBoolean();
    private final AtomicBoolean everReachable = new AtomicBoolean();
    private final AtomicBoolean firstFailureLogged = new AtomicBoolean();
    private final long startedAtMillis;
    private volatile boolean closed;
    private volatile long retained;
    private volatile RedisConnection reader;
    private volatile String readAfter;
    private volatile boolean readAfterIsEntry;
    // The run_id of the server the reader's connection is open to.
    private volatile String readingFrom;
    // The reconnection waiting for its delay, if any; whoever takes it (the delay or retryNow) runs it.
    private final AtomicReference<Object> pendingRetry = new AtomicReference<>();
    private boolean firstConnection = true;
    private Duration nextRetry = FIRST_RETRY;
    private long lastCountMillis;
    private long lastMasterCheckMillis;

    /**
     * @param historySize  updates retained for replay, the most {@link #retainedCount()} says
     * @param streamLength entries the stream keeps, about
     */
    StreamReader(Redis redis, StreamEntries entries, int historySize, int streamLength, Duration timeout,
            LongSupplier clockMillis) {
        this.redis = redis;
        this.entries = entries;
        this.streamKey = entries.streamKey();
        this.historySize = historySize;
        this.streamLength = streamLength;
        this.timeout = timeout;
        this.clockMillis = clockMillis;
        this.startedAtMillis = clockMillis.getAsLong();
    }

    /** Starts reading, from the entries appended after this call; the {@link Uni} completes once connected. */
    Uni<Void> start() {
        return connect();
    }

    /** The entries read from now on, after {@code startAfter} (none skipped when {@code null}). */
    Multi<Envelope> listen(Position startAfter) {
        return Multi.createFrom().emitter(emitter -> {
            if (closed) {
                emitter.complete();
                return;
            }
            Listener listener = new Listener(emitter, startAfter);
            listeners.add(listener);
            emitter.onTermination(() -> listeners.remove(listener));
        });
    }

    /** Whether the last read (or connection attempt) succeeded. */
    boolean isReachable() {
        return !closed && reachable.get();
    }

    /** Updates retained, from a count taken about once a second. */
    long retainedCount() {
        return retained;
    }

    /**
     * Reconnects now if the reader is waiting to: a command has just reached Redis, so the wait
     * would only keep this replica not ready and its subscribers without updates (after a failover,
     * publishing finds the new master before the reader's backoff does). Cheap when reading.
     */
    void retryNow() {
        if (pendingRetry.get() != null) {
            Object retry = pendingRetry.getAndSet(null);
            if (retry != null) {
                reconnect();
            }
        }
    }

    /** Stops reading and completes every listener. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        RedisConnection connection = reader;
        reader = null;
        if (connection != null) {
            connection.closeAndForget();
        }
        List<Listener> open = List.copyOf(listeners);
        listeners.clear();
        open.forEach(listener -> listener.emitter.complete());
    }

    private Uni<Void> connect() {
        return redis.connect()
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .chain(connection -> {
                    reader = connection;
                    connection.exceptionHandler(failure -> LOG.debugf("Redis reader connection: %s",
                            RedisFailures.describe(failure)));
                    // A Redis that refuses INFO (an ACL, a renamed command) is read all the same, unchecked.
                    return connection.send(INFO_SERVER).ifNoItem().after(timeout).failWith(TimeoutException::new)
                            .onFailure(RedisFailures::isRedisError).recoverWithNull()
                            .invoke(info -> readingFrom = isCluster(info) ? null : runId(info))
                            .replaceWith(connection);
                })
                .chain(connection -> {
                    if (readAfter != null) {
                        return checkResumable(connection);
                    }
                    if (firstConnection) {
                        return startAtNewest(connection);
                    }
                    // Redis was not there when this replica started: what was appended since may
                    // already concern subscribers who connected meanwhile.
                    readAfter = Math.max(0, startedAtMillis - START_MARGIN.toMillis()) + "-0";
                    return Uni.createFrom().voidItem();
                })
                .invoke(() -> {
                    markReachable();
                    read();
                })
                .onFailure().invoke(this::failed)
                .replaceWithVoid();
    }

    private Uni<Void> startAtNewest(RedisConnection connection) {
        return connection.send(Request.cmd(Command.XREVRANGE).arg(streamKey).arg("+").arg("-").arg("COUNT").arg(1))
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .invoke(newest -> {
                    readAfterIsEntry = newest != null && newest.size() > 0;
                    readAfter = readAfterIsEntry ? newest.get(0).get(0).toString() : NO_ENTRY;
                })
                .replaceWithVoid();
    }

    /** After a reconnection: whether the last entry read is still there, else some may have been trimmed unread. */
    private Uni<Void> checkResumable(RedisConnection connection) {
        if (!readAfterIsEntry) {
            return Uni.createFrom().voidItem();
        }
        return connection.send(Request.cmd(Command.XRANGE).arg(streamKey).arg(readAfter).arg(readAfter))
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .invoke(entry -> {
                    if (entry == null || entry.size() == 0) {
                        LOG.warnf("The Redis stream %s no longer holds entry %s, the last this replica read: updates "
                                + "published meanwhile may be missing here (did Redis fail over to a replica that had "
                                + "not received them, or restart without persistence, or was this replica away for "
                                + "more than %d updates?)", streamKey, readAfter, streamLength);
                    }
                })
                .replaceWithVoid();
    }

    private void read() {
        RedisConnection connection = reader;
        if (closed || connection == null) {
            return;
        }
        Request xread = Request.cmd(Command.XREAD).arg("COUNT").arg(READ_BATCH).arg("BLOCK").arg(BLOCK.toMillis())
                .arg("STREAMS").arg(streamKey).arg(readAfter);
        // A read unanswered well past its block time means Redis hangs: unreachable until it answers.
        // The read itself goes on (closing the connection would return it, still waiting, to the pool),
        // and fails by itself if the connection dies.
        Cancellable watchdog = Uni.createFrom().voidItem().onItem().delayIt().by(BLOCK.plus(timeout))
                .subscribe().with(late -> markUnreachable(new TimeoutException()));
        connection.send(xread).subscribe().with(
                response -> {
                    watchdog.cancel();
                    delivered(response);
                },
                failure -> {
                    watchdog.cancel();
                    failed(failure);
                });
    }

    private void delivered(Response read) {
        markReachable();
        nextRetry = FIRST_RETRY;
        try {
            if (read != null) {
                Response batch = read.isMap() ? read.get(streamKey) : read.get(0).get(1);
                for (Response entry : batch) {
                    readAfter = entry.get(0).toString();
                    readAfterIsEntry = true;
                    Envelope envelope = entries.decode(entry, true);
                    if (envelope != null) {
                        for (Listener listener : listeners) {
                            listener.live(envelope);
                        }
                    }
                }
            }
            countRetained();
        } catch (RuntimeException e) {
            // A bug, not an outage: keep reading rather than stop delivering to this replica.
            LOG.errorf(e, "Could not deliver what was read from %s after entry %s", streamKey, readAfter);
        }
        readOnUnlessMasterMoved();
    }

    /** Reads on, or, when the master is no longer the server this reader reads from, moves to it first. */
    private void readOnUnlessMasterMoved() {
        String server = readingFrom;
        long now = clockMillis.getAsLong();
        if (server == null || now - lastMasterCheckMillis < MASTER_CHECK_SECONDS * 1000L) {
            read();
            return;
        }
        lastMasterCheckMillis = now;
        // A check that fails says nothing about the reader's own server: the reads decide reachability.
        redis.send(INFO_SERVER).ifNoItem().after(timeout).failWith(TimeoutException::new).subscribe().with(
                info -> {
                    String master = runId(info);
                    if (master != null && !master.equals(server)) {
                        followMaster();
                    } else {
                        read();
                    }
                },
                failure -> read());
    }

    private void followMaster() {
        RedisConnection connection = reader;
        reader = null;
        if (connection != null) {
            connection.closeAndForget();
        }
        if (closed) {
            return;
        }
        LOG.infof("The Redis master changed (a failover): this replica now reads %s from the new master, after "
                + "entry %s", streamKey, readAfter);
        reconnect();
    }

    /** Connects and reads on; a failure schedules the next attempt. */
    private void reconnect() {
        if (!closed) {
            connect().subscribe().with(done -> { }, ignored -> { });
        }
    }

    /**
     * Whether an {@code INFO server} answer comes from a node of a Redis Cluster. There the reader's
     * connection is the client's cluster connection, which sends each command to the node that owns
     * its key's slot and a command without keys (such as {@code INFO}) to any node, so {@code run_id}s
     * say nothing about the master. Nor is the check needed: a node that no longer serves the stream's
     * slot (after a failover or a resharding) answers a read with {@code MOVED}, and the client sends
     * the read again to the node it names and refreshes its map of the slots.
     */
    private static boolean isCluster(Response info) {
        return info != null && info.toString().contains("redis_mode:cluster");
    }

    /** The {@code run_id} in an {@code INFO server} answer, or {@code null}. */
    private static String runId(Response info) {
        String text = info == null ? "" : info.toString();
        int at = text.indexOf("run_id:");
        if (at < 0) {
            return null;
        }
        return text.substring(at + "run_id:".length()).lines().findFirst().orElse("").strip();
    }

    private void failed(Throwable failure) {
        firstConnection = false;
        RedisConnection connection = reader;
        reader = null;
        // A connection that failed because it closed is being torn down by the client already: closing
        // it again from inside that teardown ends it twice, which the client reports as an AssertionError.
        if (connection != null && !RedisFailures.isClosedConnection(failure)) {
            connection.closeAndForget();
        }
        if (closed) {
            return;
        }
        markUnreachable(failure);
        Duration delay = nextRetry.plusMillis(ThreadLocalRandom.current().nextLong(nextRetry.toMillis() / 2 + 1));
        nextRetry = nextRetry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : nextRetry.multipliedBy(2);
        Object retry = new Object();
        pendingRetry.set(retry);
        Uni.createFrom().voidItem().onItem().delayIt().by(delay).subscribe().with(ignored -> {
            if (pendingRetry.compareAndSet(retry, null)) {
                reconnect();
            }
        });
    }

    private void countRetained() {
        long now = clockMillis.getAsLong();
        if (now - lastCountMillis < 1000) {
            return;
        }
        lastCountMillis = now;
        redis.send(Request.cmd(Command.XLEN).arg(streamKey)).subscribe().with(
                length -> retained = Math.min(historySize, length.toLong()),
                failure -> { });
    }

    // ---- Reachability, logged once per change

    private void markReachable() {
        if (!closed && reachable.compareAndSet(false, true)) {
            if (everReachable.getAndSet(true)) {
                LOG.infof("Redis is reachable again: publishing resumes and this replica reads %s %s", streamKey,
                        readAfterIsEntry ? "after entry " + readAfter + ", the last it read" : "from its start");
            } else {
                LOG.infof("Redis transport ready: stream %s, history of %d updates", streamKey, historySize);
            }
        }
    }

    private void markUnreachable(Throwable failure) {
        if (closed) {
            return;
        }
        // Once per change; before the first connection, once for the first failure.
        if (reachable.compareAndSet(true, false) || !everReachable.get() && !firstFailureLogged.getAndSet(true)) {
            LOG.warnf("Redis is unreachable (%s): publishing answers 503 and readiness is DOWN until it is back; "
                    + "open streams stay open; retrying with backoff", RedisFailures.describe(failure));
        }
    }

    /** A listener, and the last entry before it subscribed, which it must not receive. */
    private record Listener(MultiEmitter<? super Envelope> emitter, Position startAfter) {

        void live(Envelope envelope) {
            if (startAfter == null || envelope.position().isAfter(startAfter)) {
                emitter.emit(envelope);
            }
        }
    }
}
