package dev.ssehub.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.hub.SubscriptionDirectory;
import dev.ssehub.hub.TransportUnavailableException;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The active subscriptions of every replica, in Redis: a hash {@code {prefix}:subscriptions} from
 * subscription to its replica and document, and a sorted set {@code {prefix}:replicas} of the
 * replicas' leases. Each replica renews its lease every 10 seconds for 30; the subscriptions of a
 * replica whose lease ran out (it crashed, or lost Redis for longer) are left
 * out of the list and removed. A replica that could not write a change, or whose lease Redis
 * forgot (a restart without persistence), writes all its subscriptions again at the next renewal.
 *
 * <p>A replica's writes go to Redis in the order it makes them, several at a time in one batch
 * and one batch at a time, so that a rewrite can never bring back a subscription that ended after
 * it was taken. Thread-safe.
 */
public final class RedisSubscriptionDirectory implements SubscriptionDirectory {

    private static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(RedisSubscriptionDirectory.class);

    private static final RedisScript LIST = new RedisScript("""
            -- KEYS: subscriptions, replicas. Returns the documents of replicas whose lease runs.
            local now = redis.call('TIME')
            local nowMillis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', nowMillis)
            local all = redis.call('HGETALL', KEYS[1])
            local live = {}
            local documents = {}
            for i = 1, #all, 2 do
              local value = all[i + 1]
              local space = string.find(value, ' ', 1, true)
              local replica = string.sub(value, 1, space - 1)
              if live[replica] == nil then
                live[replica] = redis.call('ZSCORE', KEYS[2], replica) ~= false
              end
              if live[replica] then
                documents[#documents + 1] = string.sub(value, space + 1)
              else
                redis.call('HDEL', KEYS[1], all[i])
              end
            end
            return documents
            """);

    private static final RedisScript RENEW = new RedisScript("""
            -- KEYS: subscriptions, replicas. ARGV: replica, lease (ms), 1 to rewrite its subscriptions,
            -- then subscription, value pairs. Returns 1 when Redis did not know the replica.
            local now = redis.call('TIME')
            local nowMillis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            local unknown = redis.call('ZADD', KEYS[2], nowMillis + tonumber(ARGV[2]), ARGV[1])
            if ARGV[3] == '1' then
              local all = redis.call('HGETALL', KEYS[1])
              local prefix = ARGV[1] .. ' '
              for i = 1, #all, 2 do
                if string.sub(all[i + 1], 1, #prefix) == prefix then
                  redis.call('HDEL', KEYS[1], all[i])
                end
              end
              for i = 4, #ARGV, 2 do
                redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
              end
            end
            return unknown
            """);

    private final Redis redis;
    private final ObjectMapper json;
    private final Duration timeout;
    private final List<String> keys;
    private final String replica = UUID.randomUUID().toString();
    private final Map<String, String> mine = new HashMap<>();
    private final List<Write> pending = new ArrayList<>();
    private boolean sending;
    private final Duration lease;
    private final Cancellable renewals;
    private volatile boolean stale = true;

    /**
     * Registers this replica and starts renewing its lease.
     *
     * @param redis     the client; never closed here
     * @param keyPrefix prefix of the keys, the transport's
     * @param json      reads the documents back
     * @param timeout   how long a command may take
     */
    public RedisSubscriptionDirectory(Redis redis, String keyPrefix, ObjectMapper json, Duration timeout) {
        this(redis, keyPrefix, json, timeout, RENEW_EVERY);
    }

    /** As above, renewing every {@code renewEvery} a lease of three times that; for tests. */
    RedisSubscriptionDirectory(Redis redis, String keyPrefix, ObjectMapper json, Duration timeout, Duration renewEvery) {
        this.lease = renewEvery.multipliedBy(3);
        this.redis = redis;
        this.json = json;
        this.timeout = timeout;
        String tag = "{" + keyPrefix + "}";
        this.keys = List.of(tag + ":subscriptions", tag + ":replicas");
        renewals = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(renewEvery)
                .onOverflow().drop()
                .subscribe().with(tick -> renew(), failure -> LOG.error("Subscription lease renewals stopped", failure));
    }

    @Override
    public void started(String id, ObjectNode document) {
        String value = replica + " " + document;
        synchronized (this) {
            mine.put(id, value);
            send(Request.cmd(Command.HSET).arg(keys.get(0)).arg(id).arg(value), null);
        }
    }

    @Override
    public void ended(String id) {
        synchronized (this) {
            mine.remove(id);
            send(Request.cmd(Command.HDEL).arg(keys.get(0)).arg(id), null);
        }
    }

    @Override
    public Uni<List<ObjectNode>> list() {
        return LIST.run(redis, keys, List.of())
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onFailure().transform(failure -> new TransportUnavailableException("Redis did not answer ("
                        + (failure.getMessage() != null ? failure.getMessage() : "no answer in time") + ")", failure))
                .map(documents -> {
                    List<ObjectNode> list = new ArrayList<>(documents.size());
                    for (Response document : documents) {
                        try {
                            list.add((ObjectNode) json.readTree(document.toString()));
                        } catch (JsonProcessingException | ClassCastException e) {
                            LOG.debugf("Skipped a subscription document that is not a JSON object: %s", e.getMessage());
                        }
                    }
                    return list;
                });
    }

    /** Removes this replica's subscriptions and lease, waiting at most the timeout. */
    @Override
    public void close() {
        renewals.cancel();
        synchronized (this) {
            mine.clear();
        }
        try {
            RENEW.run(redis, keys, List.of(replica, "0", "1")).ifNoItem().after(timeout).fail()
                    .chain(() -> redis.send(Request.cmd(Command.ZREM).arg(keys.get(1)).arg(replica)))
                    .await().atMost(timeout.plusSeconds(1));
        } catch (RuntimeException e) {
            LOG.debugf("Could not remove this replica's subscriptions from Redis (they expire with its lease): %s",
                    e.getMessage());
        }
    }

    /** Renews the lease, and writes all of this replica's subscriptions again when one may be missing. */
    private synchronized void renew() {
        boolean rewrite = stale;
        List<String> args = new ArrayList<>();
        args.add(replica);
        args.add(Long.toString(lease.toMillis()));
        args.add(rewrite ? "1" : "0");
        if (rewrite) {
            // A write that fails after this point marks the directory stale again.
            stale = false;
            mine.forEach((id, value) -> {
                args.add(id);
                args.add(value);
            });
        }
        send(RENEW.eval(keys, args), unknown -> {
            if (unknown.toInteger() == 1 && !rewrite) {
                // Redis lost the lease (restarted empty): everything goes in again.
                stale = true;
                renew();
            }
        });
    }

    /** Queues {@code request}; called holding this object's lock, so queue order is the order of changes. */
    private void send(Request request, Consumer<Response> onReply) {
        pending.add(new Write(request, onReply));
        if (!sending) {
            sending = true;
            sendPending();
        }
    }

    private void sendPending() {
        List<Write> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                sending = false;
                return;
            }
            batch = List.copyOf(pending);
            pending.clear();
        }
        Uni<List<Response>> sent;
        try {
            sent = redis.batch(batch.stream().map(Write::request).toList());
        } catch (RuntimeException e) {
            // A closed client, say: the next renewal tries again, rewriting everything.
            synchronized (this) {
                stale = true;
                sending = false;
            }
            LOG.debugf("Could not send subscription changes to Redis: %s", e.getMessage());
            return;
        }
        sent.ifNoItem().after(timeout).fail()
                .subscribe().with(replies -> {
                    try {
                        for (int i = 0; i < batch.size(); i++) {
                            if (batch.get(i).onReply() != null) {
                                batch.get(i).onReply().accept(replies.get(i));
                            }
                        }
                    } finally {
                        sendPending();
                    }
                }, failure -> {
                    LOG.debugf("Could not write subscription changes to Redis: %s", failure.getMessage());
                    stale = true;
                    sendPending();
                });
    }

    /** A command and what to do with its reply ({@code null}: nothing). */
    private record Write(Request request, Consumer<Response> onReply) {
    }
}
