package dev.ssehub.transport.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

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
 * The active subscriptions of every replica, in Redis: each replica keeps its own in a hash
 * {@code {prefix}:subscriptions:<replica>} (subscription to document) that expires with its lease,
 * and the sorted set {@code {prefix}:replicas} holds every replica's lease. A replica renews its
 * lease every 10 seconds for 30, so the subscriptions of a replica that crashed, or lost Redis for
 * longer, leave the list when its lease runs out. A replica that could not write a change, or whose
 * lease Redis forgot (a restart without persistence), writes all its subscriptions again at its next
 * renewal.
 *
 * <p>A replica's writes go to Redis in the order it makes them, several at a time in one batch and
 * one batch at a time, so that a rewrite can never bring back a subscription that ended after it
 * was taken. Thread-safe.
 */
public final class RedisSubscriptionDirectory implements SubscriptionDirectory {

    private static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(RedisSubscriptionDirectory.class);

    private static final RedisScript LIST = new RedisScript("""
            -- KEYS: replicas. ARGV: prefix of the replicas' hashes. Returns the documents of replicas whose lease runs.
            local now = redis.call('TIME')
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
            local documents = {}
            for _, replica in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              for _, document in ipairs(redis.call('HVALS', ARGV[1] .. replica)) do
                documents[#documents + 1] = document
              end
            end
            return documents
            """);

    private static final RedisScript RENEW = new RedisScript("""
            -- KEYS: replicas, this replica's hash. ARGV: replica, lease (ms), 1 to rewrite its subscriptions,
            -- then subscription, document pairs. Returns 1 when Redis did not know the replica.
            local now = redis.call('TIME')
            local lease = tonumber(ARGV[2])
            local unknown = redis.call('ZADD', KEYS[1], tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + lease, ARGV[1])
            if ARGV[3] == '1' then
              redis.call('DEL', KEYS[2])
              for i = 4, #ARGV, 2 do
                redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
              end
            end
            if lease > 0 then
              redis.call('PEXPIRE', KEYS[2], lease)
            else
              redis.call('DEL', KEYS[2])
              redis.call('ZREM', KEYS[1], ARGV[1])
            end
            return unknown
            """);

    private final Redis redis;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Duration lease;
    private final String replica = UUID.randomUUID().toString();
    private final String replicasKey;
    private final String hashPrefix;
    private final String mineKey;
    private final Map<String, String> mine = new HashMap<>();
    private final List<Write> pending = new ArrayList<>();
    private final Cancellable renewals;
    private boolean sending;
    private boolean closed;
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
        this.redis = redis;
        this.json = json;
        this.timeout = timeout;
        this.lease = renewEvery.multipliedBy(3);
        String tag = "{" + keyPrefix + "}";
        this.replicasKey = tag + ":replicas";
        this.hashPrefix = tag + ":subscriptions:";
        this.mineKey = hashPrefix + replica;
        renewals = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(renewEvery)
                .onOverflow().drop()
                .subscribe().with(tick -> renew(), failure -> LOG.error("Subscription lease renewals stopped", failure));
    }

    @Override
    public Uni<Void> started(String id, ObjectNode document) {
        String value = document.toString();
        synchronized (this) {
            mine.put(id, value);
            send(Request.cmd(Command.HSET).arg(mineKey).arg(id).arg(value), null);
            // A replica that crashes before its next renewal leaves nothing that never expires.
            return send(Request.cmd(Command.PEXPIRE).arg(mineKey).arg(lease.toMillis()), null);
        }
    }

    @Override
    public Uni<Void> ended(String id) {
        synchronized (this) {
            mine.remove(id);
            return send(Request.cmd(Command.HDEL).arg(mineKey).arg(id), null);
        }
    }

    @Override
    public Uni<List<ObjectNode>> list() {
        return LIST.run(redis, List.of(replicasKey), List.of(hashPrefix))
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

    /**
     * Removes this replica's subscriptions and lease after its pending writes, waiting at most the
     * timeout; does nothing the second time.
     */
    @Override
    public void close() {
        renewals.cancel();
        Uni<Void> removed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            mine.clear();
            removed = send(RENEW.eval(List.of(replicasKey, mineKey), List.of(replica, "0", "0")), null);
        }
        try {
            removed.await().atMost(timeout.plusSeconds(1));
        } catch (RuntimeException e) {
            LOG.debugf("Could not remove this replica's subscriptions from Redis (they expire with its lease): %s",
                    e.getMessage());
        }
    }

    /** Renews the lease, and writes all of this replica's subscriptions again when one may be missing. */
    private synchronized void renew() {
        if (closed) {
            return;
        }
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
        send(RENEW.eval(List.of(replicasKey, mineKey), args), unknown -> {
            if (unknown.toInteger() == 1 && !rewrite) {
                // Redis lost the lease (restarted empty): everything goes in again.
                stale = true;
                renew();
            }
        });
    }

    /**
     * Queues {@code request}; called holding this object's lock, so queue order is the order of
     * changes. The {@link Uni} completes when its batch has been answered or has failed.
     */
    private Uni<Void> send(Request request, Consumer<Response> onReply) {
        Write write = new Write(request, onReply, new CompletableFuture<>());
        pending.add(write);
        if (!sending) {
            sending = true;
            sendPending();
        }
        return Uni.createFrom().completionStage(write.done());
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
            stale = true;
            LOG.debugf("Could not send subscription changes to Redis: %s", e.getMessage());
            batch.forEach(write -> write.done().complete(null));
            sendPending();
            return;
        }
        sent.ifNoItem().after(timeout).fail()
                .subscribe().with(replies -> {
                    try {
                        for (int i = 0; i < batch.size(); i++) {
                            Write write = batch.get(i);
                            if (write.onReply() != null) {
                                write.onReply().accept(replies.get(i));
                            }
                        }
                    } finally {
                        batch.forEach(write -> write.done().complete(null));
                        sendPending();
                    }
                }, failure -> {
                    LOG.debugf("Could not write subscription changes to Redis: %s", failure.getMessage());
                    stale = true;
                    batch.forEach(write -> write.done().complete(null));
                    sendPending();
                });
    }

    /** A command, what to do with its reply ({@code null}: nothing), and when it is done. */
    private record Write(Request request, Consumer<Response> onReply, CompletableFuture<Void> done) {
    }
}
