package dev.ssehub.hub.topic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Members (subscribers) indexed by distinct selector, so that the cost of finding who wants an update does
 * not grow with the number of subscribers: exact topics are found by hash lookup, {@code *} needs
 * no matching, and each distinct URI Template is evaluated once per update however many
 * subscribers share it. A template is not evaluated at all for a private update when none of its
 * subscribers holds a token that could receive one.
 *
 * <p>Thread-safe: registration takes a short lock, finding candidates takes none (it sees each
 * subscriber registered before it started, and maybe some registered meanwhile).
 */
public final class SelectorIndex<T extends SelectorIndex.Member> {

    /** What the index needs of a member. */
    public interface Member {

        /** Its selectors, without repeats; the same list for as long as it is indexed. */
        List<TopicSelector> selectors();

        /** Whether it may receive private updates at all (it holds a token that authorizes some). */
        boolean receivesPrivateUpdates();
    }

    /** The members of one selector. */
    private static final class Entry<T> {

        final TopicSelector selector;
        final Set<T> subscribers = ConcurrentHashMap.newKeySet();
        // How many of them may receive private updates; written under the index's lock.
        volatile int authorized;

        Entry(TopicSelector selector) {
            this.selector = selector;
        }
    }

    private final Map<String, Entry<T>> exact = new ConcurrentHashMap<>();
    private final Map<String, Entry<T>> templates = new ConcurrentHashMap<>();
    private final Set<T> any = ConcurrentHashMap.newKeySet();
    private final LongAdder evaluations = new LongAdder();
    // Cost of the distinct templates indexed; guarded by this.
    private long templateCost;

    /** What registering {@code selectors} would add to {@link #templateCost()}: templates not indexed yet. */
    public synchronized long addedCost(List<TopicSelector> selectors) {
        long added = 0;
        for (TopicSelector selector : selectors) {
            if (selector.isPattern() && !templates.containsKey(selector.key())) {
                added += selector.cost();
            }
        }
        return added;
    }

    /** Registers {@code subscriber} under each of its selectors. */
    public synchronized void add(T subscriber) {
        for (TopicSelector selector : subscriber.selectors()) {
            if (selector.isAny()) {
                any.add(subscriber);
                continue;
            }
            Map<String, Entry<T>> entries = selector.isPattern() ? templates : exact;
            Entry<T> entry = entries.get(selector.key());
            if (entry == null) {
                entry = new Entry<>(selector);
                entries.put(selector.key(), entry);
                if (selector.isPattern()) {
                    templateCost += selector.cost();
                }
            }
            if (entry.subscribers.add(subscriber) && subscriber.receivesPrivateUpdates()) {
                entry.authorized++;
            }
        }
    }

    /** Unregisters {@code subscriber}; a selector no one uses any more leaves the index. */
    public synchronized void remove(T subscriber) {
        for (TopicSelector selector : subscriber.selectors()) {
            if (selector.isAny()) {
                any.remove(subscriber);
                continue;
            }
            Map<String, Entry<T>> entries = selector.isPattern() ? templates : exact;
            Entry<T> entry = entries.get(selector.key());
            if (entry == null || !entry.subscribers.remove(subscriber)) {
                continue;
            }
            if (subscriber.receivesPrivateUpdates()) {
                entry.authorized--;
            }
            if (entry.subscribers.isEmpty()) {
                entries.remove(selector.key());
                if (selector.isPattern()) {
                    templateCost -= entry.selector.cost();
                }
            }
        }
    }

    /**
     * Calls {@code candidate} for each member with a selector that matches one of {@code topics},
     * possibly more than once for one member (the caller checks authorization and repeats).
     * Evaluates each distinct template at most once.
     *
     * @param topics        the topics of an update
     * @param privateUpdate whether the update is private: templates of members that cannot receive
     *                      private updates are not evaluated
     */
    public void forEachCandidate(List<String> topics, boolean privateUpdate, Consumer<? super T> candidate) {
        for (int t = 0; t < topics.size(); t++) {
            Entry<T> entry = exact.get(topics.get(t));
            if (entry != null) {
                entry.subscribers.forEach(candidate);
            }
        }
        any.forEach(candidate);
        if (templates.isEmpty()) {
            return;
        }
        for (Entry<T> entry : templates.values()) {
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
    public synchronized long templateCost() {
        return templateCost;
    }

    /** Distinct templates indexed now. */
    public int templateCount() {
        return templates.size();
    }

    /** Whether no subscriber is registered. */
    public boolean isEmpty() {
        return exact.isEmpty() && templates.isEmpty() && any.isEmpty();
    }

    /** Templates evaluated against an update so far. */
    public long evaluations() {
        return evaluations.sum();
    }
}
