package dev.ssehub.hub;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.ssehub.config.HubConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The in-process fan-out: one hot stream of events that every subscriber shares, with increasing
 * ids, a bounded buffer per subscriber and heartbeats for idle streams.
 *
 * <p>Thread-safe: {@link #publish} may be called from any thread; events are numbered and
 * delivered in one total order. A subscriber sees only what is published after it subscribed.
 */
@ApplicationScoped
public class Broadcaster {

    private static final Logger LOG = Logger.getLogger(Broadcaster.class);

    private final BroadcastProcessor<Frame> processor = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicLong subscriptionsOpened = new AtomicLong();
    private final AtomicLong slowConsumerDisconnects = new AtomicLong();
    private final int bufferSize;
    private final Duration heartbeat;
    private final LongSupplier nanoTime;
    private long lastId;
    private Cancellable heartbeatTicks;

    @Inject
    Broadcaster(HubConfig config) {
        this(config.subscriberBuffer(), config.heartbeat(), System::nanoTime);
    }

    /**
     * @param bufferSize events queued per subscriber before it is cut off
     * @param heartbeat  silence after which a subscriber is sent {@link Comment#KEEP_ALIVE}
     * @param nanoTime   monotonic clock, replaceable in tests
     */
    Broadcaster(int bufferSize, Duration heartbeat, LongSupplier nanoTime) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1");
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive");
        }
        this.bufferSize = bufferSize;
        this.heartbeat = heartbeat;
        this.nanoTime = nanoTime;
    }

    @PostConstruct
    void startHeartbeats() {
        // One shared timer offers every subscriber a heartbeat; each keeps it only if it has been
        // silent long enough. A finer check period than the heartbeat bounds how late one comes.
        Duration check = clamp(heartbeat.dividedBy(4), Duration.ofMillis(10), Duration.ofSeconds(1));
        heartbeatTicks = Multi.createFrom().ticks().every(check)
                .subscribe().with(tick -> offerHeartbeat(), failure -> LOG.error("Heartbeat timer stopped", failure));
    }

    @PreDestroy
    void close() {
        if (heartbeatTicks != null) {
            heartbeatTicks.cancel();
        }
        synchronized (this) {
            processor.onComplete();
        }
    }

    /**
     * Publishes an event to every current subscriber and returns it with its id.
     *
     * @param type SSE event name, or {@code null} for a default event
     * @param data payload, never {@code null}
     * @throws IllegalArgumentException if {@code type} is empty or holds CR, LF or NUL; nothing is
     *                                  published and no id is used up
     */
    public synchronized Event publish(String type, String data) {
        Event event = new Event(Long.toString(lastId + 1), type, data, null);
        lastId++;
        processor.onNext(event);
        return event;
    }

    /**
     * A new subscription: a hot stream of the events published from now on, with keep-alive
     * comments after silences. It completes (after a log line) when the subscriber falls more than
     * the buffer size behind, and when the broadcaster closes. Cancelling releases it.
     */
    public Multi<Frame> subscribe() {
        return Multi.createFrom().deferred(() -> {
            long number = subscriptionsOpened.incrementAndGet();
            subscribers.incrementAndGet();
            Silence silence = new Silence(nanoTime.getAsLong());
            return processor
                    .onOverflow().buffer(bufferSize)
                    .onFailure(BackPressureFailure.class).invoke(failure -> slowConsumer(number))
                    .onFailure(BackPressureFailure.class).recoverWithCompletion()
                    .filter(silence::admit)
                    .onTermination().invoke(subscribers::decrementAndGet);
        });
    }

    /** Subscriptions currently open. */
    public int subscriberCount() {
        return subscribers.get();
    }

    /** Subscribers disconnected so far because they fell too far behind. */
    public long slowConsumerDisconnects() {
        return slowConsumerDisconnects.get();
    }

    /** Offers every subscriber a heartbeat; package-private so tests can drive time themselves. */
    synchronized void offerHeartbeat() {
        processor.onNext(Comment.KEEP_ALIVE);
    }

    private void slowConsumer(long number) {
        slowConsumerDisconnects.incrementAndGet();
        LOG.warnf("Subscriber #%d fell more than %d events behind and was disconnected; it can reconnect",
                number, bufferSize);
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    /** Per-subscriber idle tracking; its methods are called serially, as onNext is. */
    private final class Silence {

        private long lastWrite;

        Silence(long now) {
            lastWrite = now;
        }

        boolean admit(Frame frame) {
            long now = nanoTime.getAsLong();
            if (frame instanceof Comment && now - lastWrite < heartbeat.toNanos()) {
                return false;
            }
            lastWrite = now;
            return true;
        }
    }
}
