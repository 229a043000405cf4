package dev.ssehub.transport.redis;

import java.time.Duration;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Runs a script that writes and, when replicas must hold its writes, waits until enough of them
 * acknowledge them ({@code WAIT}). {@code WAIT} counts only the writes of its own connection and
 * cannot run inside a script, so the two go over one connection taken from the pool and given back
 * after; with no replica required, the script goes over any connection in one round trip. {@code WAIT}
 * is no consensus: an acknowledged write survives the loss of the master only if a replica that
 * acknowledged it is the one promoted. Thread-safe.
 */
final class ReplicaAcks {

    private final Redis redis;
    private final int minReplicas;
    private final Duration timeout;

    /**
     * @param minReplicas replicas that must acknowledge a write; 0 waits for none
     * @param timeout     how long to wait for them, positive
     */
    ReplicaAcks(Redis redis, int minReplicas, Duration timeout) {
        this.redis = redis;
        this.minReplicas = minReplicas;
        this.timeout = timeout;
    }

    /**
     * The script's answer once enough replicas acknowledged its writes; fails with {@link Missing}
     * when they did not in time, the script having run on the master.
     */
    Uni<Response> run(RedisScript script, List<String> keys, List<String> args) {
        if (minReplicas == 0) {
            return script.run(redis, keys, args);
        }
        return redis.connect().chain(connection -> script.run(connection, keys, args)
                .chain(answer -> connection.send(Request.cmd(Command.WAIT).arg(minReplicas).arg(timeout.toMillis()))
                        .onFailure().transform(failure -> new Missing(-1, minReplicas, timeout, failure))
                        .map(acknowledged -> {
                            if (acknowledged.toInteger() < minReplicas) {
                                throw new Missing(acknowledged.toInteger(), minReplicas, timeout, null);
                            }
                            return answer;
                        }))
                // Back to the pool, even after a cancellation: a late answer goes to the command that asked.
                .onTermination().invoke(connection::closeAndForget));
    }

    /** The script ran on the master, but fewer replicas than required acknowledged its writes. */
    static final class Missing extends RuntimeException {

        /** @param acknowledged replicas that did, or -1 when {@code WAIT} itself failed ({@code cause}) */
        Missing(int acknowledged, int required, Duration timeout, Throwable cause) {
            super(acknowledged < 0
                    ? "waiting for its replicas failed: " + RedisFailures.describe(cause)
                    : "only " + acknowledged + " of the " + required + " required acknowledged it within "
                            + timeout.toMillis() + " ms", cause);
        }
    }
}
