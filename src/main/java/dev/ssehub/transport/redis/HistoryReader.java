package dev.ssehub.transport.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.History;
import dev.ssehub.hub.Transport;
import dev.ssehub.hub.TransportUnavailableException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;

/**
 * Reads the history for a {@code Last-Event-ID}: the last history-size entries of the stream, in
 * one atomic script that also finds the requested id in the index, skipping those older than the
 * maximum age. Thread-safe.
 */
final class HistoryReader {

    private static final RedisScript READ_HISTORY = new RedisScript("""
            -- KEYS: stream, index, repeats. ARGV: last event id ('' for all), history size, oldest 'at' kept (ms).
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
                if tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0') > 0 then
                  -- A reused id whose earliest copy left the history: its earliest copy still in it, if any.
                  local window = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', size)
                  for i = #window, 1, -1 do
                    local fields = window[i][2]
                    if fields[2] == ARGV[1] and tonumber(fields[4]) >= tonumber(ARGV[3]) then
                      local after = {}
                      for j = i - 1, 1, -1 do after[#after + 1] = window[j] end
                      return {head, 1, after}
                    end
                  end
                end
              end
            end
            return {head, 0, redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', size)}
            """);

    private final Redis redis;
    private final StreamEntries entries;
    private final int historySize;
    private final Duration maxAge;
    private final Duration timeout;
    private final LongSupplier clockMillis;

    /** @param maxAge age after which an update is no longer replayed, or {@code null} for none */
    HistoryReader(Redis redis, StreamEntries entries, int historySize, Duration maxAge, Duration timeout,
            LongSupplier clockMillis) {
        this.redis = redis;
        this.entries = entries;
        this.historySize = historySize;
        this.maxAge = maxAge;
        this.timeout = timeout;
        this.clockMillis = clockMillis;
    }

    /** As {@link Transport#history}. */
    Uni<History> read(String lastEventId) {
        boolean all = Transport.EARLIEST.equals(lastEventId);
        long oldestAt = maxAge == null ? 0 : clockMillis.getAsLong() - maxAge.toMillis();
        List<String> args = List.of(all ? "" : lastEventId, Integer.toString(historySize), Long.toString(oldestAt));
        return READ_HISTORY.run(redis, List.of(entries.keys().get(0), entries.keys().get(1), entries.keys().get(3)), args)
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onFailure().transform(failure -> new TransportUnavailableException(
                        "the history cannot be read from Redis now (" + RedisFailures.describe(failure) + ")", failure))
                .map(read -> {
                    String head = read.get(0).toString();
                    boolean found = read.get(1).toInteger() == 1;
                    List<Envelope> updates = new ArrayList<>(read.get(2).size());
                    for (Response entry : read.get(2)) {
                        Envelope envelope = entries.decode(entry, false);
                        if (envelope != null && envelope.storedAtMillis() >= oldestAt) {
                            updates.add(envelope);
                        }
                    }
                    if (!found) {
                        Collections.reverse(updates);
                    }
                    return new History(updates, found || all, head.isEmpty() ? null : StreamEntries.position(head));
                });
    }
}
