package dev.ssehub.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The load generator's one Vert.x event loop, on which every subscriber, the publisher and their
 * counters live: state touched only there needs no locks. The orchestrating thread hands work to
 * it and waits for the answer with a deadline.
 */
final class Generator implements AutoCloseable {

    private final Vertx vertx;
    private final Context context;

    Generator() {
        // One loop: the generator has one CPU to itself.
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        context = vertx.getOrCreateContext();
    }

    Vertx vertx() {
        return vertx;
    }

    /** Runs {@code action} on the event loop and waits up to {@code timeoutMillis} for its future. */
    <T> T await(Supplier<Future<T>> action, long timeoutMillis) throws InterruptedException, TimeoutException {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                action.get().onComplete(ar -> {
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else {
                        result.completeExceptionally(ar.cause());
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Reads {@code value} on the event loop, where the state it reads is written. */
    <T> T read(Supplier<T> value) throws InterruptedException, TimeoutException {
        return await(() -> Future.succeededFuture(value.get()), 30_000);
    }

    @Override
    public void close() throws InterruptedException, TimeoutException {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            System.err.println("closing Vert.x: " + e.getCause());
        }
    }
}
