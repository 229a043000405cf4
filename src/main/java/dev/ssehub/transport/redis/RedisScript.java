package dev.ssehub.transport.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script that Redis runs atomically. It is sent by its SHA-1 digest; when Redis does not know
 * it (first use, or a restarted Redis) it is sent whole once, which also loads it. Immutable.
 */
final class RedisScript {

    private final String source;
    private final String sha;

    RedisScript(String source) {
        this.source = source;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            this.sha = HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** Runs the script with {@code keys} and {@code args}, on any connection of {@code redis}'s pool. */
    Uni<Response> run(Redis redis, List<String> keys, List<String> args) {
        return run(redis::send, keys, args);
    }

    /** Runs the script with {@code keys} and {@code args} on {@code connection}, e.g. to send more after it there. */
    Uni<Response> run(RedisConnection connection, List<String> keys, List<String> args) {
        return run(connection::send, keys, args);
    }

    private Uni<Response> run(Function<Request, Uni<Response>> send, List<String> keys, List<String> args) {
        return send.apply(request(Command.EVALSHA, sha, keys, args))
                .onFailure(RedisScript::isNoScript)
                .recoverWithUni(failure -> send.apply(request(Command.EVAL, source, keys, args)));
    }

    /** The script as one {@code EVAL} command, e.g. for a batch. */
    Request eval(List<String> keys, List<String> args) {
        return request(Command.EVAL, source, keys, args);
    }

    private static Request request(Command command, String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }
}
