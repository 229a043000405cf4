package dev.ssehub.transport.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Position;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.hub.Update;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;

/**
 * Appends updates to the stream, and their ids to the index, in one atomic script. The stream is
 * trimmed with an approximate {@code MAXLEN} of its length; the script drops the index entries of
 * the updates trimmed with it. Thread-safe.
 */
final class StreamWriter {

    private static final RedisScript APPEND = new RedisScript("""
            -- KEYS: stream, index, index log, repeats. ARGV: update id, stored at (ms), update JSON, stream length.
            -- The index maps an id to its earliest retained entry; repeats counts the later copies of reused ids.
            local function before(a, b)
              local am, as = string.match(a, '(%d+)-(%d+)')
              local bm, bs = string.match(b, '(%d+)-(%d+)')
              if am ~= bm then return tonumber(am) < tonumber(bm) end
              return tonumber(as) < tonumber(bs)
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
            return entry
            """);

    private final Redis redis;
    private final StreamEntries entries;
    private final int streamLength;
    private final Duration timeout;
    private final LongSupplier clockMillis;
    // The newest entry this replica appended: a new subscriber starts after it.
    private final AtomicReference<Position> lastAppended = new AtomicReference<>();

    /**
     * @param streamLength entries the stream keeps, about
     * @param timeout      how long Redis may take to confirm
     */
    StreamWriter(Redis redis, StreamEntries entries, int streamLength, Duration timeout, LongSupplier clockMillis) {
        this.redis = redis;
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
        return APPEND.run(redis, entries.keys(), args)
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .map(entry -> {
                    Position position = StreamEntries.position(entry.toString());
                    lastAppended.accumulateAndGet(position, (a, b) -> a == null || b.isAfter(a) ? b : a);
                    return new Envelope(update, position, at);
                })
                .onFailure().transform(failure -> refused(update, failure));
    }

    /** The newest entry this replica appended, or {@code null}. */
    Position lastAppended() {
        return lastAppended.get();
    }

    /** Why {@code update} was not confirmed, and whether it may have been stored all the same. */
    private static TransportUnavailableException refused(Update update, Throwable failure) {
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
                + RedisFailures.describe(failure) + "); it may have been stored: publish it again with id="
                + update.id() + " so that subscribers can recognise a repeat", failure);
    }
}
