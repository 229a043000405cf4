package dev.ssehub.transport.redis;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.vertx.redis.client.impl.types.ErrorType;

/** What went wrong with a Redis command, in words for logs and answers. */
final class RedisFailures {

    private RedisFailures() {
    }

    /** A failure to connect, before any command could be sent. */
    static boolean isConnectFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** An error Redis answered, as opposed to one of reaching it. */
    static boolean isRedisError(Throwable failure) {
        return failure instanceof ErrorType && !isClosedConnection(failure);
    }

    /** A command that failed because its connection closed under it. */
    static boolean isClosedConnection(Throwable failure) {
        return failure instanceof ErrorType error && error.is("CONNECTION_CLOSED");
    }

    /** A short description of {@code failure}. */
    static String describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "no answer in time";
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}
