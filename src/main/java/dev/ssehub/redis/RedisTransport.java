package dev.ssehub.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.History;
import dev.ssehub.hub.Position;
import dev.ssehub.hub.Transport;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.hub.Update;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;

/**
 * A transport on a Redis Stream shared by every replica: a replica appends each update to the
 * stream, and reads the stream with a blocking {@code XREAD} on a connection of its own, so that
 * every replica delivers every update, in the stream's order, to its own subscribers.
 *
 * <p>Keys, all with the configured prefix in a hash tag so that a Redis Cluster keeps them in one
 * slot: {@code {prefix}:updates}, the stream (entries {@code id}, {@code at}, {@code update});
 * {@code {prefix}:ids}, a hash from update id to the entry that holds it, for
 * {@code Last-Event-ID}; {@code {prefix}:id-log}, the index's entries in stream order, so that the
 * script that appends an update also drops the index entries of the updates the stream trimmed,
 * and the index expires with the history. Both scripts run atomically in Redis.
 *
 * <p>The stream is trimmed with an approximate {@code MAXLEN} of the history size, but keeps at least
 * {@value #DELIVERY_WINDOW} entries, so that a replica that falls briefly behind or reconnects still
 * reads every update; reads of the history look at the last history-size entries only, and skip
 * those older than the maximum age.
 *
 * <p>The reader alone decides whether Redis is reachable, so that one slow command does not flap
 * readiness: it is unreachable when the reader cannot connect, its read fails, or Redis leaves a
 * read unanswered for longer than the block time plus the timeout. Then {@link #isReady()} is
 * false, and the reader reconnects with a growing, jittered delay and resumes after the last entry
 * it read. Each change is logged once. {@link #dispatch} fails with
 * {@link TransportUnavailableException} whenever Redis does not confirm an update, saying whether
 * it may have been stored. Thread-safe.
 */
public final class RedisTransport implements Transport {

    /** Entries the stream keeps however small the history, for replicas that read late. */
    public static final int DELIVERY_WINDOW = 10_000;

    private static final Logger LOG = Logger.getLogger(RedisTransport.class);
    private static final int READ_BATCH = 500;
    private static final Duration BLOCK = Duration.ofSeconds(2);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    private static final String NO_ENTRY = "0-0";
    // Clock difference between replicas and Redis that a late first connection allows for.
    private static final Duration START_MARGIN = Duration.ofSeconds(1);

    private static final RedisScript APPEND = new RedisScript("""
            -- KEYS: stream, index, index log. ARGV: update id, stored at (ms), update JSON, stream length.
            local function before(a, b)
              local am, as = string.match(a, '(%d+)-(%d+)')
              local bm, bs = string.match(b, '(%d+)-(%d+)')
              if am ~= bm then return tonumber(am) < tonumber(bm) end
              return tonumber(as) < tonumber(bs)
            end
            local entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*',
                'id', ARGV[1], 'at', ARGV[2], 'update', ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[1], entry)
            redis.call('RPUSH', KEYS[3], entry .. ' ' .. ARGV[1])
            local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1][1]
            while true do
              local oldest = redis.call('LINDEX', KEYS[3], 0)
              if not oldest then break end
              local space = string.find(oldest, ' ', 1, true)
              local trimmed = string.sub(oldest, 1, space - 1)
              if not before(trimmed, first) then break end
              redis.call('LPOP', KEYS[3])
              local updateId = string.sub(oldest, space + 1)
              if redis.call('HGET', KEYS[2], updateId) == trimmed then
                redis.call('HDEL', KEYS[2], updateId)
              end
            end
            return entry
            """);

    private static final RedisScript READ_HISTORY = new RedisScript("""
            -- KEYS: stream, index. ARGV: last event id ('' for all), history size, oldest 'at' kept (ms).
            -- Returns {newest entry id or '', 1 and the entries after the id when it is retained,
            -- else 0 and the retained entries newest first}.
            local size = tonumber(ARGV[2])
            local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
            local head = newest[1] and newest[1][1] or ''
            if size == 0 then return {head, 0, {}} end
            if ARGV[1] ~= '' then
              local entry = redis.call('HGET', KEYS[2], ARGV[1])
              if entry then
                local from = redis.call('XRANGE', KEYS[1], entry, '+', 'COUNT', size + 1)
                if from[1] and from[1][1] == entry and #from <= size and tonumber(from[1][2][4]) >= tonumber(ARGV[3]) then
                  table.remove(from, 1)
                  return {head, 1, from}
                end
              end
            end
            return {head, 0, redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', size)}
            """);

    /**
     * How the transport uses Redis.
     *
     * @param keyPrefix   prefix of every key; replicas of one hub share it
     * @param historySize updates retained for replay
     * @param maxAge      age after which an update is no longer replayed, or {@code null} for none
     * @param timeout     how long a command may take before the transport counts Redis as unreachable
     */
    public record Settings(String keyPrefix, int historySize, Duration maxAge, Duration timeout) {

        /** Validates. */
        public Settings {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (historySize < 0) {
                throw new IllegalArgumentException("historySize must not be negative");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }
    }

    private final Redis redis;
    private final Settings settings;
    private final LongSupplier clockMillis;
    private final UpdateCodec codec = new UpdateCodec();
    private final List<String> keys;
    private final String streamKey;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reachable = new AtomicBoolean();
    private final AtomicBoolean everReachable = new AtomicBoolean();
    private final AtomicBoolean firstFailureLogged = new AtomicBoolean();
    private final long startedAtMillis;
    private volatile boolean closed;
    private volatile long retained;
    // The newest entry this replica appended: a new subscriber starts after it.
    private final AtomicReference<Position> lastAppended = new AtomicReference<>();
    // Owned by the reader: one read is in flight at a time, and each step starts the next.
    private volatile RedisConnection reader;
    private volatile String readAfter;
    private volatile boolean readAfterIsEntry;
    private boolean firstConnection = true;
    private Duration nextRetry = FIRST_RETRY;
    private long lastCountMillis;

    /**
     * Creates the transport and starts its reader, which begins with the updates appended after
     * this call; waits up to the timeout for Redis, then goes on unreachable and keeps trying.
     *
     * @param redis       the client; the transport never closes it
     * @param settings    keys and bounds
     * @param clockMillis wall clock in epoch milliseconds, replaceable in tests
     */
    public RedisTransport(Redis redis, Settings settings, LongSupplier clockMillis) {
        this.redis = redis;
        this.settings = settings;
        this.clockMillis = clockMillis;
        String tag = "{" + settings.keyPrefix() + "}";
        this.streamKey = tag + ":updates";
        this.keys = List.of(streamKey, tag + ":ids", tag + ":id-log");
        this.startedAtMillis = clockMillis.getAsLong();
        try {
            // Waits without cancelling: a slow first connection goes on, and a failed one is retried.
            connectReader().subscribeAsCompletionStage().get(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Logged as unreachable by the reader, which retries.
        }
    }

    @Override
    public Uni<Envelope> dispatch(Update update) {
        return Uni.createFrom().deferred(() -> {
            if (closed) {
                return Uni.createFrom().failure(
                        new TransportUnavailableException("the hub is shutting down; nothing was published", null));
            }
            long at = clockMillis.getAsLong();
            List<String> args = List.of(update.id(), Long.toString(at), codec.encode(update),
                    Integer.toString(Math.max(settings.historySize(), DELIVERY_WINDOW)));
            return APPEND.run(redis, keys, args)
                    .ifNoItem().after(settings.timeout()).failWith(TimeoutException::new)
                    .map(entry -> {
                        Position position = position(entry.toString());
                        lastAppended.accumulateAndGet(position, (a, b) -> a == null || b.isAfter(a) ? b : a);
                        return new Envelope(update, position, at);
                    })
                    .onFailure().transform(failure -> refused(update, failure));
        });
    }

    /** Why {@code update} was not confirmed, and whether it may have been stored all the same. */
    private static TransportUnavailableException refused(Update update, Throwable failure) {
        if (isRedisError(failure)) {
            return new TransportUnavailableException("Redis refused update " + update.id() + " (" + failure.getMessage()
                    + "); it was not published", failure);
        }
        if (isConnectFailure(failure)) {
            return new TransportUnavailableException("Redis is unreachable (" + describe(failure) + "); update "
                    + update.id() + " was not published", failure);
        }
        // The command may have reached Redis before the connection failed or while Redis was slow.
        return new TransportUnavailableException("Redis did not confirm update " + update.id() + " (" + describe(failure)
                + "); it may have been stored: publish it again with id=" + update.id()
                + " so that subscribers can recognise a repeat", failure);
    }

    @Override
    public Multi<Envelope> subscribe(Position after) {
        return Multi.createFrom().emitter(emitter -> {
            if (closed) {
                emitter.complete();
                return;
            }
            Listener listener = new Listener(emitter, after != null, after == null ? lastAppended.get() : null);
            listeners.add(listener);
            emitter.onTermination(() -> listeners.remove(listener));
            if (after != null) {
                Request range = Request.cmd(Command.XRANGE).arg(streamKey).arg("(" + after).arg("+")
                        .arg("COUNT").arg(Math.max(settings.historySize(), DELIVERY_WINDOW));
                redis.send(range).ifNoItem().after(settings.timeout()).failWith(TimeoutException::new)
                        .map(this::retainedOf)
                        .subscribe().with(replayed -> listener.replayed(replayed, after), emitter::fail);
            }
        });
    }

    @Override
    public Uni<History> history(String lastEventId) {
        boolean all = EARLIEST.equals(lastEventId);
        long oldestAt = settings.maxAge() == null ? 0 : clockMillis.getAsLong() - settings.maxAge().toMillis();
        List<String> args = List.of(all ? "" : lastEventId, Integer.toString(settings.historySize()), Long.toString(oldestAt));
        return READ_HISTORY.run(redis, keys.subList(0, 2), args)
                .ifNoItem().after(settings.timeout()).failWith(TimeoutException::new)
                .onFailure().transform(failure -> new TransportUnavailableException(
                        "the history cannot be read from Redis now (" + describe(failure) + ")", failure))
                .map(read -> {
                    String head = read.get(0).toString();
                    boolean found = read.get(1).toInteger() == 1;
                    List<Envelope> updates = new ArrayList<>(read.get(2).size());
                    for (Response entry : read.get(2)) {
                        Envelope envelope = decode(entry, false);
                        if (envelope != null && envelope.storedAtMillis() >= oldestAt) {
                            updates.add(envelope);
                        }
                    }
                    if (!found) {
                        Collections.reverse(updates);
                    }
                    return new History(updates, found || all, head.isEmpty() ? null : position(head));
                });
    }

    @Override
    public String name() {
        return "redis";
    }

    /** Updates retained, from a count taken about once a second; ignores the maximum age. */
    @Override
    public long retainedCount() {
        return retained;
    }

    @Override
    public boolean isReady() {
        return !closed && reachable.get();
    }

    @Override
    public void close() {
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

    // ---- The reader: connect, find where to start, read, deliver, read again; on failure, retry later.

    private Uni<Void> connectReader() {
        return redis.connect()
                .ifNoItem().after(settings.timeout()).failWith(TimeoutException::new)
                .chain(connection -> {
                    reader = connection;
                    connection.exceptionHandler(failure -> LOG.debugf("Redis reader connection: %s", describe(failure)));
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
                .onFailure().invoke(this::readerFailed)
                .replaceWithVoid();
    }

    private Uni<Void> startAtNewest(RedisConnection connection) {
        return connection.send(Request.cmd(Command.XREVRANGE).arg(streamKey).arg("+").arg("-").arg("COUNT").arg(1))
                .ifNoItem().after(settings.timeout()).failWith(TimeoutException::new)
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
                .ifNoItem().after(settings.timeout()).failWith(TimeoutException::new)
                .invoke(entry -> {
                    if (entry == null || entry.size() == 0) {
                        LOG.warnf("The Redis stream %s no longer holds entry %s, the last this replica read: updates "
                                + "published meanwhile may be missing here (was Redis restarted without persistence, "
                                + "or was this replica away for more than %d updates?)", streamKey, readAfter,
                                Math.max(settings.historySize(), DELIVERY_WINDOW));
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
        Cancellable watchdog = Uni.createFrom().voidItem().onItem().delayIt().by(BLOCK.plus(settings.timeout()))
                .subscribe().with(late -> markUnreachable(new TimeoutException()));
        connection.send(xread).subscribe().with(
                response -> {
                    watchdog.cancel();
                    delivered(response);
                },
                failure -> {
                    watchdog.cancel();
                    readerFailed(failure);
                });
    }

    private void delivered(Response read) {
        markReachable();
        nextRetry = FIRST_RETRY;
        try {
            if (read != null) {
                Response entries = read.isMap() ? read.get(streamKey) : read.get(0).get(1);
                for (Response entry : entries) {
                    readAfter = entry.get(0).toString();
                    readAfterIsEntry = true;
                    Envelope envelope = decode(entry, true);
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
        read();
    }

    private void readerFailed(Throwable failure) {
        firstConnection = false;
        RedisConnection connection = reader;
        reader = null;
        if (connection != null) {
            connection.closeAndForget();
        }
        if (closed) {
            return;
        }
        markUnreachable(failure);
        Duration delay = nextRetry.plusMillis(ThreadLocalRandom.current().nextLong(nextRetry.toMillis() / 2 + 1));
        nextRetry = nextRetry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : nextRetry.multipliedBy(2);
        Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                .chain(this::connectReader)
                .subscribe().with(done -> { }, ignored -> { });
    }

    private void countRetained() {
        long now = clockMillis.getAsLong();
        if (now - lastCountMillis < 1000) {
            return;
        }
        lastCountMillis = now;
        redis.send(Request.cmd(Command.XLEN).arg(streamKey)).subscribe().with(
                length -> retained = Math.min(settings.historySize(), length.toLong()),
                failure -> { });
    }

    // ---- Entries and positions

    private List<Envelope> retainedOf(Response entries) {
        long oldestAt = settings.maxAge() == null ? 0 : clockMillis.getAsLong() - settings.maxAge().toMillis();
        List<Envelope> all = new ArrayList<>(entries.size());
        for (Response entry : entries) {
            Envelope envelope = decode(entry, false);
            if (envelope != null && envelope.storedAtMillis() >= oldestAt) {
                all.add(envelope);
            }
        }
        return all.size() <= settings.historySize() ? all : all.subList(all.size() - settings.historySize(), all.size());
    }

    /**
     * The envelope of a stream entry, or {@code null} for an entry this hub did not write; logged as a
     * warning when {@code live} (once per entry), else at debug level (history reads meet it again).
     */
    private Envelope decode(Response entry, boolean live) {
        String entryId = entry.get(0).toString();
        Response fields = entry.get(1);
        String id = null;
        String at = null;
        String update = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            switch (fields.get(i).toString()) {
                case "id" -> id = fields.get(i + 1).toString();
                case "at" -> at = fields.get(i + 1).toString();
                case "update" -> update = fields.get(i + 1).toString();
                default -> { }
            }
        }
        try {
            if (id == null || at == null || update == null) {
                throw new IllegalArgumentException("fields id, at and update expected");
            }
            return new Envelope(codec.decode(id, update), position(entryId), Long.parseLong(at));
        } catch (IllegalArgumentException e) {
            LOG.logf(live ? Logger.Level.WARN : Logger.Level.DEBUG, "Skipped entry %s of %s, which this hub did not write: %s",
                    entryId, streamKey, e.getMessage());
            return null;
        }
    }

    /** A stream entry id ({@code ms-seq}) as a position. */
    static Position position(String entryId) {
        int dash = entryId.indexOf('-');
        return new Position(Long.parseUnsignedLong(entryId, 0, dash, 10),
                Long.parseUnsignedLong(entryId, dash + 1, entryId.length(), 10));
    }

    // ---- Reachability, logged once per change

    private void markReachable() {
        if (!closed && reachable.compareAndSet(false, true)) {
            if (everReachable.getAndSet(true)) {
                LOG.infof("Redis is reachable again: publishing resumes and this replica reads %s %s", streamKey,
                        readAfterIsEntry ? "after entry " + readAfter + ", the last it read" : "from its start");
            } else {
                LOG.infof("Redis transport ready: stream %s, history of %d updates", streamKey, settings.historySize());
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
                    + "open streams stay open; retrying with backoff", describe(failure));
        }
    }

    /** A failure to connect, before any command could be sent. */
    private static boolean isConnectFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** An error Redis answered, as opposed to one of reaching it. */
    private static boolean isRedisError(Throwable failure) {
        return failure instanceof ErrorType && !isClosedConnection(failure);
    }

    private static boolean isClosedConnection(Throwable failure) {
        return failure instanceof ErrorType error && error.is("CONNECTION_CLOSED");
    }

    private static String describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "no answer in time";
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    /**
     * A subscriber of {@link #subscribe}. One that started from a position holds live entries until
     * its replay is read, then sends the held ones that follow the replay.
     */
    private static final class Listener {

        final MultiEmitter<? super Envelope> emitter;
        private List<Envelope> held;
        private Position replayedUpTo;

        /**
         * @param replaying  whether a replay will come, before which live entries are held
         * @param startAfter live entries up to this one are not sent ({@code null}: none skipped)
         */
        Listener(MultiEmitter<? super Envelope> emitter, boolean replaying, Position startAfter) {
            this.emitter = emitter;
            this.held = replaying ? new ArrayList<>() : null;
            this.replayedUpTo = startAfter;
        }

        synchronized void live(Envelope envelope) {
            if (held != null) {
                held.add(envelope);
            } else if (replayedUpTo == null || envelope.position().isAfter(replayedUpTo)) {
                emitter.emit(envelope);
            }
        }

        synchronized void replayed(List<Envelope> replayed, Position after) {
            replayedUpTo = after;
            for (Envelope envelope : replayed) {
                if (envelope.position().isAfter(replayedUpTo)) {
                    emitter.emit(envelope);
                    replayedUpTo = envelope.position();
                }
            }
            List<Envelope> waiting = held;
            held = null;
            waiting.forEach(this::live);
        }
    }
}
