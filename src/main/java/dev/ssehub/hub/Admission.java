package dev.ssehub.hub;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.ssehub.hub.topic.TopicSelector;

import dev.ssehub.hub.SubscriptionRefusedException.Reason;

/**
 * Decides whether a subscription fits within the node's {@link Limits}, and keeps what each client
 * uses of them: its open subscriptions, their template cost, and how many characters of new
 * templates it had compiled lately (a token bucket per client and one for the node, so that
 * clients sending ever new templates cannot keep the compiling thread busy).
 *
 * <p>Thread-safety: {@link #admit} and {@link #release} are called under the lock of the
 * registry they guard ({@link FanOut}); the rest is thread-safe.
 */
final class Admission {

    /** Largest burst of template characters a bucket holds: at least one subscription's worth. */
    static final int MIN_BURST_CHARACTERS = 16 * 1024;
    private static final int BURST_SECONDS = 4;

    /** How much of the limits one client uses. */
    private static final class Usage {
        int connections;
        long cost;
    }

    /** Characters of templates that may be compiled now, refilled at a fixed rate. */
    private static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long updatedNanos;

        Bucket(long perSecond, long nowNanos) {
            this.perNano = perSecond / 1e9;
            this.capacity = burst(perSecond);
            this.tokens = capacity;
            this.updatedNanos = nowNanos;
        }

        synchronized boolean take(int amount, long nowNanos) {
            tokens = Math.min(capacity, tokens + Math.max(0, nowNanos - updatedNanos) * perNano);
            updatedNanos = nowNanos;
            if (tokens < amount) {
                return false;
            }
            tokens -= amount;
            return true;
        }

        synchronized void refund(int amount) {
            tokens = Math.min(capacity, tokens + amount);
        }
    }

    private final Limits limits;
    private final LongSupplier nanoTime;
    private final Map<String, Usage> clients = new HashMap<>();
    private final Map<String, Integer> tokens = new HashMap<>();
    private final Cache<String, Bucket> clientBuckets;
    private final Bucket hubBucket;
    private final Map<Reason, LongAdder> refused = new ConcurrentHashMap<>();

    Admission(Limits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        // A bucket idle for as long as it takes to refill is full: forgetting it changes nothing.
        long refillSeconds = Math.max(1, burst(limits.clientCompileRate()) / limits.clientCompileRate() + 1);
        this.clientBuckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofSeconds(refillSeconds))
                .ticker(nanoTime::getAsLong)
                .maximumSize(1_000_000)
                .build();
        this.hubBucket = new Bucket(limits.hubCompileRate(), nanoTime.getAsLong());
    }

    private static long burst(long perSecond) {
        return Math.max(MIN_BURST_CHARACTERS, BURST_SECONDS * perSecond);
    }

    /**
     * Takes {@code characters} of template compilation from {@code client}'s budget and the
     * node's, before they are compiled.
     *
     * @throws SubscriptionRefusedException if either is used up for now
     */
    void takeCompileBudget(String client, int characters) {
        if (characters == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        Bucket bucket = client == null ? null : clientBuckets.get(client, key -> new Bucket(limits.clientCompileRate(), now));
        if (bucket != null && !bucket.take(characters, now)) {
            throw refuse(Reason.CLIENT_COMPILE_RATE, "this client (" + client + ") sent more new URI Templates than "
                    + "it may have compiled now (hub.limits.client-compile-rate, " + limits.clientCompileRate()
                    + " characters per second); retry later, or reuse templates the hub knows");
        }
        if (!hubBucket.take(characters, now)) {
            if (bucket != null) {
                bucket.refund(characters);
            }
            throw refuse(Reason.HUB_COMPILE_RATE, "this server is compiling as many new URI Templates as it takes "
                    + "(hub.limits.hub-compile-rate, " + limits.hubCompileRate() + " characters per second); retry later");
        }
    }

    /** Refuses {@code selector} if it costs more than one selector may. */
    void checkSelector(TopicSelector selector) {
        if (selector.cost() > limits.selectorCost()) {
            throw refuse(Reason.SELECTOR_TOO_COSTLY, "the topic selector '" + abbreviate(selector.value()) + "' costs "
                    + selector.cost() + " to match, more than the " + limits.selectorCost() + " one selector may "
                    + "(hub.limits.selector-cost); use fewer variables and expressions, or exact topics");
        }
    }

    /** Refuses a subscription whose selectors cost {@code cost} together (checked as they are compiled). */
    void checkSubscriptionCost(long cost) {
        if (cost > limits.subscriptionCost()) {
            throw refuse(Reason.SUBSCRIPTION_TOO_COSTLY, "the URI Templates of this subscription cost at least " + cost
                    + " to match together, more than the " + limits.subscriptionCost() + " one subscription may "
                    + "(hub.limits.subscription-cost); subscribe with fewer or simpler templates, or split them over "
                    + "several subscriptions");
        }
    }

    /**
     * Counts {@code subscriber} against its client's limits and the node's, if it fits.
     *
     * @param addedCost what registering it adds to the node's template cost (templates not used yet)
     * @param hubCost   the node's template cost now
     * @throws SubscriptionRefusedException if it does not fit; nothing is counted then
     */
    void admit(Subscriber subscriber, long addedCost, long hubCost) {
        for (TopicSelector selector : subscriber.topics()) {
            checkSelector(selector);
        }
        checkSubscriptionCost(subscriber.cost());
        String client = subscriber.client();
        checkConnections(client);
        checkTokenSubscriptions(subscriber.token());
        Usage usage = client == null ? null : clients.get(client);
        long clientCost = usage == null ? 0 : usage.cost;
        if (client != null && subscriber.cost() > 0 && clientCost + subscriber.cost() > limits.clientCost()) {
            throw refuse(Reason.CLIENT_COST, "the open subscriptions of this client (" + client + ") use " + clientCost
                    + " of the " + limits.clientCost() + " template cost one client may use (hub.limits.client-cost); "
                    + "this one needs " + subscriber.cost());
        }
        if (addedCost > 0 && hubCost + addedCost > limits.hubCost()) {
            throw refuse(Reason.HUB_COST, "the open subscriptions of this server use " + hubCost + " of the "
                    + limits.hubCost() + " template cost it takes (hub.limits.hub-cost); this subscription needs "
                    + addedCost + " more");
        }
        if (client != null) {
            Usage used = clients.computeIfAbsent(client, key -> new Usage());
            used.connections++;
            used.cost += subscriber.cost();
        }
        if (subscriber.token() != null && limits.subscriptionsPerToken() > 0) {
            tokens.merge(subscriber.token(), 1, Integer::sum);
        }
    }

    private void checkTokenSubscriptions(String token) {
        Integer open = token == null || limits.subscriptionsPerToken() == 0 ? null : tokens.get(token);
        if (open != null && open >= limits.subscriptionsPerToken()) {
            throw refuse(Reason.TOKEN_SUBSCRIPTIONS, open + " subscriptions presenting this token are open, the most "
                    + "one token may have (hub.limits.subscriptions-per-token); close one first, or give each client "
                    + "a token of its own");
        }
    }

    /** Refuses if {@code client} has all the subscriptions open it may. */
    void checkConnections(String client) {
        Usage usage = client == null ? null : clients.get(client);
        if (usage != null && limits.connectionsPerClient() > 0 && usage.connections >= limits.connectionsPerClient()) {
            throw refuse(Reason.CLIENT_CONNECTIONS, "this client (" + client + ") has " + usage.connections
                    + " subscriptions open, the most one client may (hub.limits.connections-per-client); close one first");
        }
    }

    /** Gives back what {@code subscriber} used; call once, when it is unregistered. */
    void release(Subscriber subscriber) {
        String client = subscriber.client();
        Usage usage = client == null ? null : clients.get(client);
        if (usage != null) {
            usage.connections--;
            usage.cost -= subscriber.cost();
            if (usage.connections == 0) {
                clients.remove(client);
            }
        }
        if (subscriber.token() != null && limits.subscriptionsPerToken() > 0) {
            tokens.computeIfPresent(subscriber.token(), (key, open) -> open == 1 ? null : open - 1);
        }
    }

    /** Subscriptions refused for {@code reason} so far. */
    long refusedCount(Reason reason) {
        LongAdder count = refused.get(reason);
        return count == null ? 0 : count.sum();
    }

    private SubscriptionRefusedException refuse(Reason reason, String detail) {
        refused.computeIfAbsent(reason, key -> new LongAdder()).increment();
        return new SubscriptionRefusedException(reason, detail);
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
