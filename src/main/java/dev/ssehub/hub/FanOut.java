package dev.ssehub.hub;

import java.util.Collection;
import java.util.Collections;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import dev.ssehub.hub.topic.MatchMemo;
import dev.ssehub.hub.topic.SelectorIndex;

/**
 * Offers each update to the subscribers of this node that want it, in the order submitted, and
 * admits subscribers within the node's {@link Limits}.
 *
 * <p>Subscribers go into one of two lanes, each delivering one update at a time in order, so every
 * subscriber sees one order:
 * <ul>
 * <li>the <em>direct</em> lane holds those whose selectors are exact topics or {@code *}: finding
 *     them is a hash lookup, done on the thread that submits;
 * <li>the <em>template</em> lane holds those with a URI Template: it runs on its own executor, so
 *     that matching templates, whose cost clients choose within the limits, never holds up an event
 *     loop, the direct lane, or anything else of the node.
 * </ul>
 * Within a lane, subscribers are indexed by distinct selector ({@link SelectorIndex}).
 *
 * <p>Thread-safe and lock-free on the delivery path; registration takes a short lock.
 */
final class FanOut {

    private static final Logger LOG = Logger.getLogger(FanOut.class);

    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();
    private final Collection<Subscriber> view = Collections.unmodifiableSet(all);
    private final Lane direct;
    private final Lane templates;
    // Its admit and release run under this object's lock.
    private final Admission admission;
    private final LongAdder offered = new LongAdder();
    private final Consumer<Subscriber> tooSlow;
    private final LongSupplier nanoTime;

    /**
     * @param tooSlow           called (on the delivering thread) for a subscriber whose outbox is full
     * @param delivered         called (on the submitting thread) after each update was offered to the
     *                          direct lane's subscribers
     * @param nanoTime          monotonic clock
     * @param admission         what subscribers may cost, and what they use of it
     * @param templateExecutor  where the template lane runs; one thread is enough, more are not used
     */
    FanOut(Consumer<Subscriber> tooSlow, Consumer<Envelope> delivered, LongSupplier nanoTime, Admission admission,
            Executor templateExecutor) {
        this.tooSlow = tooSlow;
        this.nanoTime = nanoTime;
        this.admission = admission;
        this.direct = new Lane(Runnable::run, delivered);
        this.templates = new Lane(templateExecutor, envelope -> { });
    }

    /**
     * Registers {@code subscriber} if it fits within the limits.
     *
     * @throws SubscriptionRefusedException if it does not; nothing is registered then
     */
    void add(Subscriber subscriber) {
        Lane lane = laneOf(subscriber);
        synchronized (this) {
            admission.admit(subscriber, lane.index.addedCost(subscriber.topics()), lane.index.templateCost());
            lane.index.add(subscriber);
            all.add(subscriber);
        }
    }

    /** Refuses if {@code client} has all the subscriptions open it may. */
    synchronized void checkClientConnections(String client) {
        admission.checkConnections(client);
    }

    /** Unregisters {@code subscriber} and releases what it used of the limits; returns whether it was registered. */
    boolean remove(Subscriber subscriber) {
        synchronized (this) {
            if (!all.remove(subscriber)) {
                return false;
            }
            laneOf(subscriber).index.remove(subscriber);
            admission.release(subscriber);
        }
        return true;
    }

    /** The registered subscribers, a live view. */
    Collection<Subscriber> subscribers() {
        return view;
    }

    /** Whether {@code subscriber}'s selectors are matched off the submitting thread (it has templates). */
    boolean matchesOffThread(Subscriber subscriber) {
        return laneOf(subscriber) == templates;
    }

    /** Updates offered to a subscriber so far (one per subscriber reached). */
    long delivered() {
        return offered.sum();
    }

    /** Templates evaluated against an update so far. */
    long templateEvaluations() {
        return templates.index.evaluations();
    }

    /** The cost of the distinct templates of the open subscriptions: see {@link Limits#hubCost()}. */
    long templateCost() {
        return templates.index.templateCost();
    }

    /** Queues {@code envelope} for delivery: the direct lane delivers it before this returns unless busy. */
    void submit(Envelope envelope) {
        direct.submit(envelope);
        if (!templates.index.isEmpty()) {
            templates.submit(envelope);
        }
    }

    private Lane laneOf(Subscriber subscriber) {
        return subscriber.hasTemplates() ? templates : direct;
    }

    /** Subscribers delivered to by one thread at a time, in order. */
    private final class Lane {

        final SelectorIndex<Subscriber> index = new SelectorIndex<>();
        private final Queue<Envelope> queue = new ConcurrentLinkedQueue<>();
        private final MatchMemo memo = new MatchMemo();
        private final Consumer<Envelope> delivered;
        private final SerialRunner runner;
        // Touched only by the lane's running thread.
        private long round;
        private Envelope current;
        private long currentNanos;
        private final Consumer<Subscriber> offerCurrent = this::offerCurrent;

        Lane(Executor executor, Consumer<Envelope> delivered) {
            this.delivered = delivered;
            this.runner = new SerialRunner(executor, this::drain);
        }

        void submit(Envelope envelope) {
            queue.add(envelope);
            runner.signal();
        }

        private void drain() {
            Envelope next;
            while ((next = queue.poll()) != null) {
                try {
                    deliver(next);
                } catch (RuntimeException e) {
                    // Never let one failure stop delivery for everyone after it.
                    LOG.errorf(e, "Delivering %s failed", next);
                }
            }
        }

        private void deliver(Envelope envelope) {
            round++;
            current = envelope;
            currentNanos = nanoTime.getAsLong();
            memo.clear();
            try {
                index.forEachCandidate(envelope.update().topics(), envelope.update().privateUpdate(), offerCurrent);
            } finally {
                current = null;
            }
            delivered.accept(envelope);
        }

        private void offerCurrent(Subscriber subscriber) {
            if (subscriber.lastFanOut == round) {
                return;
            }
            subscriber.lastFanOut = round;
            Envelope envelope = current;
            if (subscriber.canReceive(envelope.update(), memo)) {
                offer(subscriber, envelope, currentNanos);
            }
        }
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
