package dev.ssehub.hub;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * Offers each update to the subscribers of this node that want it, one update at a time and in
 * the order submitted. Thread-safe and lock-free: whichever thread finds it idle delivers
 * everything queued, including updates submitted meanwhile by others or by a subscriber reacting
 * to a delivery, so no update is nested inside another and every subscriber sees one order.
 *
 * <p>Subscribers are indexed by exact topic, so an update costs a map lookup per topic plus a
 * check of the subscribers that use {@code *} or URI Templates, not a scan of every subscriber.
 */
final class FanOut {

    private static final Logger LOG = Logger.getLogger(FanOut.class);

    private final Map<String, Set<Subscriber>> byTopic = new ConcurrentHashMap<>();
    private final Set<Subscriber> byPattern = ConcurrentHashMap.newKeySet();
    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();
    private final Collection<Subscriber> view = Collections.unmodifiableSet(all);
    private final Queue<Envelope> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder offered = new LongAdder();
    private final Consumer<Subscriber> tooSlow;
    private final Consumer<Envelope> delivered;
    private final LongSupplier nanoTime;
    // Touched only by the thread that holds the "pending" claim.
    private long round;

    /**
     * @param tooSlow   called (on the delivering thread) for a subscriber whose outbox is full
     * @param delivered called (on the delivering thread) after each update was offered to all
     * @param nanoTime  monotonic clock
     */
    FanOut(Consumer<Subscriber> tooSlow, Consumer<Envelope> delivered, LongSupplier nanoTime) {
        this.tooSlow = tooSlow;
        this.delivered = delivered;
        this.nanoTime = nanoTime;
    }

    void add(Subscriber subscriber) {
        all.add(subscriber);
        for (TopicSelector selector : subscriber.topics()) {
            if (selector.isExact()) {
                // Inside compute: a concurrent remove() of the topic's last subscriber must not drop
                // the set this subscriber is being added to.
                byTopic.compute(selector.value(), (topic, set) -> {
                    Set<Subscriber> subscribers = set != null ? set : ConcurrentHashMap.newKeySet();
                    subscribers.add(subscriber);
                    return subscribers;
                });
            } else {
                byPattern.add(subscriber);
            }
        }
    }

    /** Returns whether it was registered. */
    boolean remove(Subscriber subscriber) {
        if (!all.remove(subscriber)) {
            return false;
        }
        byPattern.remove(subscriber);
        for (TopicSelector selector : subscriber.topics()) {
            if (selector.isExact()) {
                byTopic.computeIfPresent(selector.value(), (topic, set) -> {
                    set.remove(subscriber);
                    return set.isEmpty() ? null : set;
                });
            }
        }
        return true;
    }

    /** The registered subscribers, a live view. */
    Collection<Subscriber> subscribers() {
        return view;
    }

    /** Updates offered to a subscriber so far (one per subscriber reached). */
    long delivered() {
        return offered.sum();
    }

    /** Queues {@code envelope} for delivery; delivers now unless another thread is delivering. */
    void submit(Envelope envelope) {
        queue.add(envelope);
        if (pending.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Envelope next;
            while ((next = queue.poll()) != null) {
                try {
                    deliver(next);
                } catch (RuntimeException e) {
                    // Never let one failure stop delivery for everyone after it.
                    LOG.errorf(e, "Delivering %s failed", next);
                }
            }
            missed = pending.addAndGet(-missed);
        } while (missed != 0);
    }

    private void deliver(Envelope envelope) {
        long thisRound = ++round;
        long now = nanoTime.getAsLong();
        Update update = envelope.update();
        List<String> topics = update.topics();
        for (int t = 0; t < topics.size(); t++) {
            Set<Subscriber> exact = byTopic.get(topics.get(t));
            if (exact != null) {
                for (Subscriber subscriber : exact) {
                    if (subscriber.lastFanOut != thisRound) {
                        subscriber.lastFanOut = thisRound;
                        if (subscriber.canReceive(update)) {
                            offer(subscriber, envelope, now);
                        }
                    }
                }
            }
        }
        for (Subscriber subscriber : byPattern) {
            if (subscriber.lastFanOut != thisRound && subscriber.wants(update)) {
                subscriber.lastFanOut = thisRound;
                offer(subscriber, envelope, now);
            }
        }
        delivered.accept(envelope);
    }

    private void offer(Subscriber subscriber, Envelope envelope, long now) {
        try {
            if (subscriber.outbox.offer(envelope, now)) {
                offered.increment();
            } else {
                tooSlow.accept(subscriber);
            }
        } catch (RuntimeException e) {
            // A connection that cannot be woken (say, its event loop is shutting down) is dropped
            // rather than holding up the others.
            LOG.warnf(e, "Subscriber %s could not take %s and was dropped", subscriber.id(), envelope);
            try {
                subscriber.outbox.end(Subscriber.End.SHUTDOWN, true);
            } catch (RuntimeException again) {
                // Its sink fails again on being told; it is ended all the same.
            }
        }
    }
}
