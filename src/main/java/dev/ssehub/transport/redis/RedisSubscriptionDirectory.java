package dev.ssehub.transport.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>A replica's writes go to Redis in the order it makes them, a bounded batch at a time, so that
 * a rewrite can never bring back a subscription that ended after it was taken. A rewrite fills a
 * hash of its own in chunks and then takes the place of the replica's hash in one step: no command
 * carries more than a chunk, so the size of a replica (tens of thousands of subscriptions) cannot
 * make a write exceed the timeout, fail, and start the rewrite over. Thread-safe.
 */
public final class RedisSubscriptionDirectory implements SubscriptionDirectory {

    private static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    /** Most subscriptions written by one command of a rewrite, and most bytes (about). */
    static final int CHUNK_SUBSCRIPTIONS = 500;
    static final int CHUNK_BYTES = 128 * 1024;
    /** Most commands, and most bytes (about), in one batch. */
    private static final int BATCH_COMMANDS = 500;
    private static final int BATCH_BYTES = 256 * 1024;
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
            -- KEYS: replicas, this replica's hash, the hash a rewrite filled. ARGV: replica, lease (ms),
            -- 1 to put the rewritten hash in place of this replica's. Returns 1 when Redis did not know the replica.
            local now = redis.call('TIME')
            local lease = tonumber(ARGV[2])
            local unknown = redis.call('ZADD', KEYS[1], tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + lease, ARGV[1])
            if ARGV[3] == '1' then
              if redis.call('EXISTS', KEYS[3]) == 1 then
                redis.call('RENAME', KEYS[3], KEYS[2])
              else
                redis.call('DEL', KEYS[2])
              end
            end
            if lease > 0 then
              redis.call('PEXPIRE', KEYS[2], lease)
            else
              redis.call('DEL', KEYS[2], KEYS[3])
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
    private final String rewriteKey;
    private final Map<String, String> mine = new HashMap<>();
    private final ArrayDeque<Write> pending = new ArrayDeque<>();
    private final Cancellable renewals;
    private boolean sending;
    private boolean rewriting;
    private boolean closed;
    private volatile boolean stale = true;

    /**
     * Registers this replica and starts renewing its lease.
     *
     * @param redis     the client; never closed here
     * @param keyPrefix prefix of the keys, the transport's
     * @param json      reads the documents back
     * @param timeout   how long a batch of writes, or a list, may take
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
        // Not listed: the list reads the hashes of leased replicas only.
        this.rewriteKey = tag + ":rewrite:" + replica;
        renewals = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(renewEvery)
                .onOverflow().drop()
                .subscribe().with(tick -> renew(), failure -> LOG.error("Subscription lease renewals stopped", failure));
    }

    @Override
    public Uni<Void> started(String id, ObjectNode document) {
        String value = document.toString();
        synchronized (this) {
            mine.put(id, value);
            // The batch ends with a PEXPIRE of the hash: a replica that crashes before its next
            // renewal leaves nothing that never expires.
            return send(Request.cmd(Command.HSET).arg(mineKey).arg(id).arg(value), id.length() + value.length(), mineKey, null);
        }
    }

    @Override
    public Uni<Void> ended(String id) {
        synchronized (this) {
            mine.remove(id);
            return send(Request.cmd(Command.HDEL).arg(mineKey).arg(id), id.length(), null, null);
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
            removed = send(RENEW.eval(List.of(replicasKey, mineKey, rewriteKey), List.of(replica, "0", "0")), 0, null, null);
        }
        try {
            removed.await().atMost(timeout.plusSeconds(1));
        } catch (RuntimeException e) {
            LOG.debugf("Could not remove this replica's subscriptions from Redis (they expire with its lease): %s",
                    e.getMessage());
        }
    }

    /**
     * Renews the lease, and writes all of this replica's subscriptions again when one may be missing:
     * in chunks to a hash of its own, which the renewal then puts in place of the replica's. Queued
     * all at once, so every change made after the copy was taken is written after it. A renewal
     * without a rewrite goes at once, ahead of queued changes, so that a long queue cannot let the
     * lease run out.
     */
    private synchronized void renew() {
        if (closed) {
            return;
        }
        List<String> keys = List.of(replicasKey, mineKey, rewriteKey);
        String leaseMillis = Long.toString(lease.toMillis());
        if (!stale || rewriting) {
            RENEW.run(redis, keys, List.of(replica, leaseMillis, "0"))
                    .ifNoItem().after(timeout).fail()
                    .subscribe().with(unknown -> {
                        if (unknown.toInteger() == 1) {
                            // Redis lost the lease (restarted empty): everything goes in again.
                            stale = true;
                            rewriteIfStale();
                        }
                    }, failure -> LOG.debugf("Could not renew the subscription lease: %s", failure.getMessage()));
            return;
        }
        // A write that fails after this point marks the directory stale again.
        stale = false;
        rewriting = true;
        send(Request.cmd(Command.DEL).arg(rewriteKey), 0, null, null);
        Request chunk = null;
        int count = 0;
        int bytes = 0;
        for (Map.Entry<String, String> subscription : mine.entrySet()) {
            if (chunk == null) {
                chunk = Request.cmd(Command.HSET).arg(rewriteKey);
            }
            chunk.arg(subscription.getKey()).arg(subscription.getValue());
            count++;
            bytes += subscription.getKey().length() + subscription.getValue().length();
            if (count == CHUNK_SUBSCRIPTIONS || bytes >= CHUNK_BYTES) {
                send(chunk, bytes, rewriteKey, null);
                chunk = null;
                count = 0;
                bytes = 0;
            }
        }
        if (chunk != null) {
            send(chunk, bytes, rewriteKey, null);
        }
        send(RENEW.eval(keys, List.of(replica, leaseMillis, "1")), 0, null, null).subscribe().with(done -> {
            synchronized (this) {
                rewriting = false;
            }
        });
    }

    /** Starts a rewrite now rather than at the next renewal, unless one is under way. */
    private synchronized void rewriteIfStale() {
        if (stale && !rewriting) {
            renew();
        }
    }

    /**
     * Queues {@code request}, of about {@code bytes}, after which the batch sets the lease on
     * {@code expires} (or on nothing: {@code null}); called holding this object's lock, so queue
     * order is the order of changes. The {@link Uni} completes when its batch has been answered or
     * has failed.
     */
    private Uni<Void> send(Request request, int bytes, String expires, Consumer<Response> onReply) {
        Write write = new Write(request, bytes, expires, onReply, new CompletableFuture<>());
        pending.add(write);
        if (!sending) {
            sending = true;
            sendPending();
        }
        return Uni.createFrom().completionStage(write.done());
    }

    /** Sends the oldest pending writes, at most a batch of them, then the next batch once answered. */
    private void sendPending() {
        List<Write> batch = new ArrayList<>();
        Set<String> expiring = new LinkedHashSet<>();
        synchronized (this) {
            int bytes = 0;
            while (!pending.isEmpty() && batch.size() < BATCH_COMMANDS && (batch.isEmpty() || bytes < BATCH_BYTES)) {
                Write write = pending.poll();
                batch.add(write);
                bytes += write.bytes();
                if (write.expires() != null) {
                    expiring.add(write.expires());
                }
            }
            if (batch.isEmpty()) {
                sending = false;
                return;
            }
        }
        List<Request> requests = new ArrayList<>(batch.size() + expiring.size());
        batch.forEach(write -> requests.add(write.request()));
        expiring.forEach(key -> requests.add(Request.cmd(Command.PEXPIRE).arg(key).arg(lease.toMillis())));
        Uni<List<Response>> sent;
        try {
            sent = redis.batch(requests);
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

    /**
     * A command, about how many bytes it carries, the key its batch sets the lease on ({@code null}:
     * none), what to do with its reply ({@code null}: nothing), and when it is done.
     */
    private record Write(Request request, int bytes, String expires, Consumer<Response> onReply,
            CompletableFuture<Void> done) {
    }
}
