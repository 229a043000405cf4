package dev.ssehub.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/** Waiting for the events a test client's reader thread queues, with a deadline. */
final class EventWaits {

    private EventWaits() {
    }

    /** The next event of {@code events}, failing if none arrives within {@code timeout}. */
    static ReceivedEvent next(BlockingQueue<ReceivedEvent> events, Duration timeout, BooleanSupplier ended) {
        try {
            ReceivedEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("No event within " + timeout + (ended.getAsBoolean() ? " (stream ended)" : ""));
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event {@code next} gives that matches {@code condition}, skipping others, failing after {@code timeout}. */
    static ReceivedEvent await(Function<Duration, ReceivedEvent> next, Predicate<ReceivedEvent> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new AssertionError("No matching event within " + timeout);
            }
            ReceivedEvent event = next.apply(left);
            if (condition.test(event)) {
                return event;
            }
        }
    }
}
