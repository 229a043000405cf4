package dev.ssehub.transport.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Position;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.hub.Update;

import io.smallrye.mutiny.Uni;

/**
 * Appends updates to the stream, and their ids to the index, in one atomic script. The stream is
 * trimmed with an approximate {@code MAXLEN} of its length; the script drops the index entries of
 * the updates trimmed with it. An update identical to the latest retained one with its id (a
 * publisher's retry after a failure that left it stored) is acknowledged with that entry and not
 * appended again. With replicas required ({@link ReplicaAcks}), an update counts as appended once
 * they hold it. Thread-safe.
 */
final class StreamWriter {

    private static final Logger LOG = Logger.getLogger(StreamWriter.class);

    private static final RedisScript APPEND = new RedisScript("""
            -- KEYS: stream, index, index log, repeats. ARGV: update id, stored at (ms), update JSON, stream length.
            -- The index maps an id to its earliest retained entry; repeats counts the later copies of reused ids.
            -- Returns the entry, when it was stored (ms), and 1 if it was already there (a retry), else 0.
            local function before(a, b)
              local am, as = string.match(a, '(%d+)-(%d+)')
              local bm, bs = string.match(b, '(%d+)-(%d+)')
              if am ~= bm then return tonumber(am) < tonumber(bm) end
              return tonumber(as) < tonumber(bs)
            end
            -- The latest retained entry of an id, or false.
            local function latest(id)
              local earliest = redis.call('HGET', KEYS[2], id)
              if not earliest or not redis.call('HGET', KEYS[4], id) then return earliest end
              -- A reused id: searched from the end of the log (only such ids pay this scan).
              local last = redis.call('LLEN', KEYS[3]) - 1
              while last >= 0 do
                local first = math.max(0, last - 99)
                local logged = redis.call('LRANGE', KEYS[3], first, last)
                for i = #logged, 1, -1 do
                  local space = string.find(logged[i], ' ', 1, true)
                  if string.sub(logged[i], space + 1) == id then return string.sub(logged[i], 1, space - 1) end
                end
                last = first - 1
              end
              return earliest
            end
            local copy = latest(ARGV[1])
            if copy then
              local found = redis.call('XRANGE', KEYS[1], copy, copy)[1]
              if found then
                local at, update
                for i = 1, #found[2], 2 do
                  if found[2][i] == 'at' then at = found[2][i + 1] elseif found[2][i] == 'update' then update = found[2][i + 1] end
                end
                if update == ARGV[3] then
                  -- A write all the same, rewriting what is there: a WAIT after this script then covers the
                  -- copy, which an earlier attempt stored, and which may not have reached the replicas yet.
                  redis.call('HSET', KEYS[2], ARGV[1], redis.call('HGET', KEYS[2], ARGV[1]))
                  return {copy, at or ARGV[2], 1}
                end
              end
            end
            local entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*',
                'id', ARGV[1], 'at', ARGV[2], 'update', ARGV[3])
            if redis.call('HSETNX', KEYS[2], ARGV[1], entry) == 0 then
              redis.call('HINCRBY', KEYS[4], ARGV[1], 1)
            end
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
              local more = tonumber(redis.call('HGET', KEYS[4], updateId) or '0')
              if more > 0 then
                if more == 1 then redis.call('HDEL', KEYS[4], updateId) else redis.call('HINCRBY', KEYS[4], updateId, -1) end
              end
              if redis.call('HGET', KEYS[2], updateId) == trimmed then
                local successor = nil
                if more > 0 then
                  -- A reused id: its next retained copy becomes the earliest (only such ids pay this scan).
                  for _, logged in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
                    local at = string.find(logged, ' ', 1, true)
                    if string.sub(logged, at + 1) == updateId then
                      successor = string.sub(logged, 1, at - 1)
                      break
                    end
                  end
                end
                if successor then
                  redis.call('HSET', KEYS[2], updateId, successor)
                else
                  redis.call('HDEL', KEYS[2], updateId)
                end
              end
            end
            return {entry, ARGV[2], 0}
            """);

    private final ReplicaAcks writes;
    private final StreamEntries entries;
    private final int streamLength;
    private final Duration timeout;
    private final LongSupplier clockMillis;
    // The newest entry this replica appended: a new subscriber starts after it.
    private final AtomicReference<Position> lastAppended = new AtomicReference<>();

    /**
     * @param writes       how appends reach Redis, and the replicas that must hold them
     * @param streamLength entries the stream keeps, about
     * @param timeout      how long Redis may take to confirm, replicas included
     */
    StreamWriter(ReplicaAcks writes, StreamEntries entries, int streamLength, Duration timeout, LongSupplier clockMillis) {
        this.writes = writes;
        this.entries = entries;
        this.streamLength = streamLength;
        this.timeout = timeout;
        this.clockMillis = clockMillis;
    }

    /** Appends {@code update}; fails with {@link TransportUnavailableException}, saying whether it may be stored. */
    Uni<Envelope> append(Update update) {
        long at = clockMillis.getAsLong();
        List<String> args = List.of(update.id(), Long.toString(at), entries.codec().encode(update),
                Integer.toString(streamLength));
        return writes.run(APPEND, entries.keys(), args)
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .map(stored -> {
                    Position position = StreamEntries.position(stored.get(0).toString());
                    lastAppended.accumulateAndGet(position, (a, b) -> a == null || b.isAfter(a) ? b : a);
                    if (stored.get(2).toInteger() == 1) {
                        LOG.debugf("Update %s repeats entry %s, which is retained: acknowledged, not appended again",
                                update.id(), stored.get(0));
                    }
                    return new Envelope(update, position, Long.parseLong(stored.get(1).toString()));
                })
                .onFailure().transform(failure -> refused(update, failure));
    }

    /** The newest entry this replica appended, or {@code null}. */
    Position lastAppended() {
        return lastAppended.get();
    }

    /** Why {@code update} was not confirmed, and whether it may have been stored all the same. */
    private static TransportUnavailableException refused(Update update, Throwable failure) {
        if (failure instanceof ReplicaAcks.Missing missing) {
            return new TransportUnavailableException("Redis did not confirm update " + update.id() + " on enough replicas ("
                    + missing.getMessage() + ": losing its master could lose it)" + publishAgain(update), failure);
        }
        if (RedisFailures.isRedisError(failure)) {
            return new TransportUnavailableException("Redis refused update " + update.id() + " (" + failure.getMessage()
                    + "); it was not published", failure);
        }
        if (RedisFailures.isConnectFailure(failure)) {
            return new TransportUnavailableException("Redis is unreachable (" + RedisFailures.describe(failure)
                    + "); update " + update.id() + " was not published", failure);
        }
        // The command may have reached Redis before the connection failed or while Redis was slow.
        return new TransportUnavailableException("Redis did not confirm update " + update.id() + " ("
                + RedisFailures.describe(failure) + ")" + publishAgain(update), failure);
    }

    private static String publishAgain(Update update) {
        return "; it may have been stored: publish it again with the same id (id=" + update.id()
                + "), which is stored once";
    }
}
