package dev.ssehub.transport.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.History;
import dev.ssehub.hub.Position;
import dev.ssehub.hub.SerialRunner;
import dev.ssehub.hub.Transport;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.hub.Update;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The transport of a single node: updates are numbered and kept in a ring in memory, and delivered
 * to subscribers of {@link #subscribe} on the publishing thread. Thread-safe: one short lock
 * numbers and stores an update and queues it for delivery in that order; delivery happens after
 * the lock is released, by one thread at a time, so publishers, history reads and metrics never
 * wait for a fan-out.
 *
 * <p>A dispatch made while this node is delivering another one (say, a subscriber that publishes
 * when it is told of an update) is queued and delivered right after it, never nested inside it,
 * so every subscriber sees the same order.
 *
 * <p>An update equal to the latest retained one with its id (a publisher's retry) is acknowledged
 * with that one, and neither retained nor delivered again.
 */
public final class MemoryTransport implements Transport {

    private final int capacity;
    private final long maxBytes;
    private long retainedBytes;
    private final long maxAgeMillis;
    private final LongSupplier clockMillis;
    private final Envelope[] ring;
    // The earliest retained update of each id: a reused id resumes after its first copy.
    private final Map<String, Envelope> byId = new HashMap<>();
    // Retained copies beyond the first, of the ids that have them (publishers may reuse ids).
    private final Map<String, Integer> repeats = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Envelope> undelivered = new ConcurrentLinkedQueue<>();
    private final SerialRunner delivery = new SerialRunner(Runnable::run, this::deliverQueued);
    // Sequence numbers of retained updates: [oldest, next).
    private long oldest = 1;
    private long next = 1;
    private boolean closed;

    /**
     * @param capacity    most updates retained (0 keeps none)
     * @param maxAge      age after which an update leaves the history, or {@code null} for none
     * @param clockMillis wall clock in epoch milliseconds, replaceable in tests
     */
    public MemoryTransport(int capacity, Duration maxAge, LongSupplier clockMillis) {
        this(capacity, Long.MAX_VALUE, maxAge, clockMillis);
    }

    /**
     * @param capacity    most updates retained (0 keeps none)
     * @param maxBytes    most memory the retained updates may take, estimated; the newest update is
     *                    kept even if it alone is larger
     * @param maxAge      age after which an update leaves the history, or {@code null} for none
     * @param clockMillis wall clock in epoch milliseconds, replaceable in tests
     */
    public MemoryTransport(int capacity, long maxBytes, Duration maxAge, LongSupplier clockMillis) {
        if (capacity < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("capacity and maxBytes must not be negative");
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.maxAgeMillis = maxAge == null ? Long.MAX_VALUE : maxAge.toMillis();
        this.clockMillis = clockMillis;
        this.ring = new Envelope[capacity];
    }

    @Override
    public Uni<Envelope> dispatch(Update update) {
        return Uni.createFrom().deferred(() -> {
            Envelope envelope;
            synchronized (this) {
                if (closed) {
                    return Uni.createFrom().failure(
                            new TransportUnavailableException("the hub is shutting down; nothing was published", null));
                }
                expire();
                Envelope copy = latestCopy(update.id());
                if (copy != null && copy.update().equals(update)) {
                    return Uni.createFrom().item(copy);
                }
                envelope = new Envelope(update, new Position(0, next), clockMillis.getAsLong());
                next++;
                retain(envelope);
                // Queued under the lock, so the queue is in position order.
                undelivered.add(envelope);
            }
            deliver();
            return Uni.createFrom().item(envelope);
        });
    }

    @Override
    public Multi<Envelope> subscribe() {
        return Multi.createFrom().emitter(emitter -> {
            Listener listener;
            synchronized (this) {
                if (closed) {
                    emitter.complete();
                    return;
                }
                // Updates queued but not yet delivered were accepted before this call: left out.
                listener = new Listener(emitter, next - 1);
                listeners.add(listener);
            }
            emitter.onTermination(() -> listeners.remove(listener));
        });
    }

    @Override
    public synchronized Uni<History> history(String lastEventId) {
        expire();
        long from = oldest;
        boolean found = true;
        if (!EARLIEST.equals(lastEventId)) {
            Envelope last = byId.get(lastEventId);
            found = last != null;
            if (found) {
                from = last.position().minor() + 1;
            }
        }
        List<Envelope> updates = new ArrayList<>((int) (next - from));
        for (long seq = from; seq < next; seq++) {
            updates.add(at(seq));
        }
        Position head = next > 1 ? new Position(0, next - 1) : null;
        return Uni.createFrom().item(new History(updates, found, head));
    }

    @Override
    public synchronized boolean isReady() {
        return !closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        List<Listener> open = List.copyOf(listeners);
        listeners.clear();
        open.forEach(listener -> listener.emitter.complete());
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public synchronized long retainedCount() {
        expire();
        return next - oldest;
    }

    /** Delivers what is queued, one thread at a time, outside the lock. */
    private void deliver() {
        delivery.signal();
    }

    private void deliverQueued() {
        Envelope pending;
        while ((pending = undelivered.poll()) != null) {
            long seq = pending.position().minor();
            for (Listener listener : listeners) {
                if (seq > listener.caughtUpTo) {
                    listener.emitter.emit(pending);
                }
            }
        }
    }

    /** A subscriber of {@link #subscribe}, and the last sequence number accepted before it subscribed. */
    private record Listener(MultiEmitter<? super Envelope> emitter, long caughtUpTo) {
    }

    private void retain(Envelope envelope) {
        if (capacity == 0) {
            oldest = next;
            return;
        }
        long seq = envelope.position().minor();
        if (seq - oldest >= capacity) {
            evictOldest();
        }
        ring[index(seq)] = envelope;
        if (byId.putIfAbsent(envelope.id(), envelope) != null) {
            repeats.merge(envelope.id(), 1, Integer::sum);
        }
        retainedBytes += weight(envelope);
        while (retainedBytes > maxBytes && oldest < seq) {
            evictOldest();
        }
        expire();
    }

    /** Bytes of memory {@code envelope} takes, roughly: its strings (UTF-16), its encoded frame, the objects. */
    private static long weight(Envelope envelope) {
        Update update = envelope.update();
        long chars = update.data().length() + update.id().length();
        for (String topic : update.topics()) {
            chars += topic.length();
        }
        return 3 * chars + 256;
    }

    private void expire() {
        if (maxAgeMillis == Long.MAX_VALUE) {
            return;
        }
        long cutoff = clockMillis.getAsLong() - maxAgeMillis;
        while (oldest < next && at(oldest).storedAtMillis() < cutoff) {
            evictOldest();
        }
    }

    private void evictOldest() {
        int index = index(oldest);
        Envelope evicted = ring[index];
        ring[index] = null;
        retainedBytes -= weight(evicted);
        oldest++;
        String id = evicted.id();
        Integer more = repeats.get(id);
        if (more == null) {
            byId.remove(id, evicted);
            return;
        }
        repeats.compute(id, (key, count) -> count == 1 ? null : count - 1);
        if (byId.get(id) == evicted) {
            // Its next copy, still retained, is now the earliest: only ids published more than once pay this scan.
            for (long seq = oldest; seq < next; seq++) {
                Envelope later = at(seq);
                if (later != null && later.id().equals(id)) {
                    byId.put(id, later);
                    break;
                }
            }
        }
    }

    /** The latest retained update with {@code id}, or {@code null}. */
    private Envelope latestCopy(String id) {
        Envelope earliest = byId.get(id);
        if (earliest == null || !repeats.containsKey(id)) {
            return earliest;
        }
        // Only ids published more than once pay this scan, from the newest.
        for (long seq = next - 1; seq >= oldest; seq--) {
            Envelope later = at(seq);
            if (later.id().equals(id)) {
                return later;
            }
        }
        return earliest;
    }

    private Envelope at(long seq) {
        return ring[index(seq)];
    }

    private int index(long seq) {
        return (int) (seq % capacity);
    }
}
