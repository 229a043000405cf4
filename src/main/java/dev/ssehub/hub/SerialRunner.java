package dev.ssehub.hub;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an action on an executor, never twice at once, and once more whenever it was signalled
 * while running: the action drains whatever work is queued, so signalling after queueing never
 * loses work and never waits for a lock. Thread-safe.
 */
public final class SerialRunner {

    private final AtomicInteger pending = new AtomicInteger();
    private final Executor executor;
    private final Runnable action;
    private final Runnable loop = this::loop;

    /**
     * @param executor where the action runs; {@code Runnable::run} runs it on the signalling thread,
     *                 or on the thread running it already
     * @param action   drains the queued work; it must not throw
     */
    public SerialRunner(Executor executor, Runnable action) {
        this.executor = executor;
        this.action = action;
    }

    /** Work was queued: runs the action unless it is running already, which then runs it again. */
    public void signal() {
        if (pending.getAndIncrement() != 0) {
            return;
        }
        try {
            executor.execute(loop);
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing will drain, but the next signal may try again.
            pending.set(0);
        }
    }

    private void loop() {
        int missed = 1;
        do {
            action.run();
            missed = pending.addAndGet(-missed);
        } while (missed != 0);
    }
}
