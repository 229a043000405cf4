package dev.ssehub.hub;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Subscribers indexed by distinct selector, so that the cost of finding who wants an update does
 * not grow with the number of subscribers: exact topics are found by hash lookup, {@code *} needs
 * no matching, and each distinct URI Template is evaluated once per update however many
 * subscribers share it. A template is not evaluated at all for a private update when none of its
 * subscribers holds a token that could receive one.
 *
 * <p>Thread-safe: registration takes a short lock, finding candidates takes none (it sees each
 * subscriber registered before it started, and maybe some registered meanwhile).
 */
final class SelectorIndex {

    /** The subscribers of one selector. */
    private static final class Entry {

        final TopicSelector selector;
        final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
        // How many of them may receive private updates; written under the index's lock.
        volatile int authorized;

        Entry(TopicSelector selector) {
            this.selector = selector;
        }
    }

    private final Map<String, Entry> exact = new ConcurrentHashMap<>();
    private final Map<String, Entry> templates = new ConcurrentHashMap<>();
    private final Set<Subscriber> any = ConcurrentHashMap.newKeySet();
    private final LongAdder evaluations = new LongAdder();
    // Cost of the distinct templates indexed; guarded by this.
    private long templateCost;

    /** What registering {@code selectors} would add to {@link #templateCost()}: templates not indexed yet. */
    synchronized long addedCost(List<TopicSelector> selectors) {
        long added = 0;
        for (TopicSelector selector : selectors) {
            if (selector.isTemplate() && !templates.containsKey(selector.value())) {
                added += selector.cost();
            }
        }
        return added;
    }

    /** Registers {@code subscriber} under each of its selectors. */
    synchronized void add(Subscriber subscriber) {
        for (TopicSelector selector : subscriber.topics()) {
            if (selector.isAny()) {
                any.add(subscriber);
                continue;
            }
            Map<String, Entry> entries = selector.isTemplate() ? templates : exact;
            Entry entry = entries.get(selector.value());
            if (entry == null) {
                entry = new Entry(selector);
                entries.put(selector.value(), entry);
                if (selector.isTemplate()) {
                    templateCost += selector.cost();
                }
            }
            if (entry.subscribers.add(subscriber) && subscriber.hasAuthorizations()) {
                entry.authorized++;
            }
        }
    }

    /** Unregisters {@code subscriber}; a selector no one uses any more leaves the index. */
    synchronized void remove(Subscriber subscriber) {
        for (TopicSelector selector : subscriber.topics()) {
            if (selector.isAny()) {
                any.remove(subscriber);
                continue;
            }
            Map<String, Entry> entries = selector.isTemplate() ? templates : exact;
            Entry entry = entries.get(selector.value());
            if (entry == null || !entry.subscribers.remove(subscriber)) {
                continue;
            }
            if (subscriber.hasAuthorizations()) {
                entry.authorized--;
            }
            if (entry.subscribers.isEmpty()) {
                entries.remove(selector.value());
                if (selector.isTemplate()) {
                    templateCost -= entry.selector.cost();
                }
            }
        }
    }

    /**
     * Calls {@code candidate} for each subscriber with a selector that matches one of
     * {@code update}'s topics, possibly more than once for one subscriber (the caller checks
     * authorization and repeats). Evaluates each distinct template at most once.
     */
    void forEachCandidate(Update update, Consumer<Subscriber> candidate) {
        List<String> topics = update.topics();
        for (int t = 0; t < topics.size(); t++) {
            Entry entry = exact.get(topics.get(t));
            if (entry != null) {
                entry.subscribers.forEach(candidate);
            }
        }
        any.forEach(candidate);
        if (templates.isEmpty()) {
            return;
        }
        boolean privateUpdate = update.privateUpdate();
        for (Entry entry : templates.values()) {
            if (privateUpdate && entry.authorized == 0) {
                continue;
            }
            evaluations.increment();
            if (entry.selector.matchesAny(topics)) {
                entry.subscribers.forEach(candidate);
            }
        }
    }

    /** The cost of the distinct templates indexed now: what one update may cost to match at most. */
    synchronized long templateCost() {
        return templateCost;
    }

    /** Distinct templates indexed now. */
    int templateCount() {
        return templates.size();
    }

    /** Whether no subscriber is registered. */
    boolean isEmpty() {
        return exact.isEmpty() && templates.isEmpty() && any.isEmpty();
    }

    /** Templates evaluated against an update so far. */
    long evaluations() {
        return evaluations.sum();
    }
}
