package dev.ssehub.hub;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

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

    /** How much of a limit one client uses. */
    private static final class Usage {
        int connections;
        long cost;
    }

    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();
    private final Collection<Subscriber> view = Collections.unmodifiableSet(all);
    private final Lane direct;
    private final Lane templates;
    private final Limits limits;
    // Guarded by this.
    private final Map<String, Usage> clients = new HashMap<>();
    private final Map<SubscriptionRefusedException.Reason, LongAdder> refused = new ConcurrentHashMap<>();
    private final LongAdder offered = new LongAdder();
    private final Consumer<Subscriber> tooSlow;
    private final LongSupplier nanoTime;

    /**
     * @param tooSlow           called (on the delivering thread) for a subscriber whose outbox is full
     * @param delivered         called (on the submitting thread) after each update was offered to the
     *                          direct lane's subscribers
     * @param nanoTime          monotonic clock
     * @param limits            what subscribers may cost
     * @param templateExecutor  where the template lane runs; one thread is enough, more are not used
     */
    FanOut(Consumer<Subscriber> tooSlow, Consumer<Envelope> delivered, LongSupplier nanoTime, Limits limits,
            Executor templateExecutor) {
        this.tooSlow = tooSlow;
        this.nanoTime = nanoTime;
        this.limits = limits;
        this.direct = new Lane(Runnable::run, delivered);
        this.templates = new Lane(templateExecutor, envelope -> { });
    }

    /**
     * Registers {@code subscriber} if it fits within the limits.
     *
     * @throws SubscriptionRefusedException if it does not; nothing is registered then
     */
    void add(Subscriber subscriber) {
        for (TopicSelector selector : subscriber.topics()) {
            if (selector.cost() > limits.selectorCost()) {
                throw refuse(SubscriptionRefusedException.Reason.SELECTOR_TOO_COSTLY, "the topic selector '"
                        + abbreviate(selector.value()) + "' costs " + selector.cost() + " to match, more than the "
                        + limits.selectorCost() + " one selector may (hub.limits.selector-cost); use fewer "
                        + "variables and expressions, or exact topics");
            }
        }
        if (subscriber.cost() > limits.subscriptionCost()) {
            throw refuse(SubscriptionRefusedException.Reason.SUBSCRIPTION_TOO_COSTLY, "the URI Templates of this "
                    + "subscription cost " + subscriber.cost() + " to match together, more than the "
                    + limits.subscriptionCost() + " one subscription may (hub.limits.subscription-cost); subscribe "
                    + "with fewer or simpler templates, or split them over several subscriptions");
        }
        Lane lane = laneOf(subscriber);
        synchronized (this) {
            String client = subscriber.client();
            Usage usage = client == null ? null : clients.get(client);
            if (usage != null && limits.connectionsPerClient() > 0 && usage.connections >= limits.connectionsPerClient()) {
                throw refuse(SubscriptionRefusedException.Reason.CLIENT_CONNECTIONS, "this client (" + client
                        + ") has " + usage.connections + " subscriptions open, the most one client may "
                        + "(hub.limits.connections-per-client); close one first");
            }
            long clientCost = usage == null ? 0 : usage.cost;
            if (client != null && subscriber.cost() > 0 && clientCost + subscriber.cost() > limits.clientCost()) {
                throw refuse(SubscriptionRefusedException.Reason.CLIENT_COST, "the open subscriptions of this client ("
                        + client + ") use " + clientCost + " of the " + limits.clientCost() + " template cost one "
                        + "client may use (hub.limits.client-cost); this one needs " + subscriber.cost());
            }
            long added = lane.index.addedCost(subscriber.topics());
            long hubCost = lane.index.templateCost();
            if (added > 0 && hubCost + added > limits.hubCost()) {
                throw refuse(SubscriptionRefusedException.Reason.HUB_COST, "the open subscriptions of this server use "
                        + hubCost + " of the " + limits.hubCost() + " template cost it takes (hub.limits.hub-cost); "
                        + "this subscription needs " + added + " more");
            }
            if (client != null) {
                Usage used = clients.computeIfAbsent(client, key -> new Usage());
                used.connections++;
                used.cost += subscriber.cost();
            }
            lane.index.add(subscriber);
            all.add(subscriber);
        }
    }

    /** Unregisters {@code subscriber} and releases what it used of the limits; returns whether it was registered. */
    boolean remove(Subscriber subscriber) {
        synchronized (this) {
            if (!all.remove(subscriber)) {
                return false;
            }
            laneOf(subscriber).index.remove(subscriber);
            String client = subscriber.client();
            Usage usage = client == null ? null : clients.get(client);
            if (usage != null) {
                usage.connections--;
                usage.cost -= subscriber.cost();
                if (usage.connections == 0) {
                    clients.remove(client);
                }
            }
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

    /** Subscriptions refused for {@code reason} so far. */
    long refusedCount(SubscriptionRefusedException.Reason reason) {
        LongAdder count = refused.get(reason);
        return count == null ? 0 : count.sum();
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

    private SubscriptionRefusedException refuse(SubscriptionRefusedException.Reason reason, String detail) {
        refused.computeIfAbsent(reason, key -> new LongAdder()).increment();
        return new SubscriptionRefusedException(reason, detail);
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    /** Subscribers delivered to by one thread at a time, in order. */
    private final class Lane {

        final SelectorIndex index = new SelectorIndex();
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
                index.forEachCandidate(envelope.update(), offerCurrent);
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
