package dev.ssehub.hub;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The transport of a single node: updates are numbered and kept in a ring in memory, and delivered
 * to subscribers of {@link #subscribe} on the publishing thread. Thread-safe: one lock orders
 * dispatches, history reads and new subscriptions, so a reader never sees a gap or a repeat.
 *
 * <p>A dispatch made while this node is delivering another one (say, a subscriber that publishes
 * when it is told of an update) is queued and delivered right after it, never nested inside it,
 * so every subscriber sees the same order.
 */
public final class MemoryTransport implements Transport {

    private final int capacity;
    private final long maxAgeMillis;
    private final LongSupplier clockMillis;
    private final Envelope[] ring;
    private final Map<String, Envelope> byId = new HashMap<>();
    private final List<MultiEmitter<? super Envelope>> listeners = new ArrayList<>();
    private final ArrayDeque<Envelope> undelivered = new ArrayDeque<>();
    // Sequence numbers of retained updates: [oldest, next).
    private long oldest = 1;
    private long next = 1;
    private boolean delivering;
    private boolean closed;

    /**
     * @param capacity    most updates retained (0 keeps none)
     * @param maxAge      age after which an update leaves the history, or {@code null} for none
     * @param clockMillis wall clock in epoch milliseconds, replaceable in tests
     */
    public MemoryTransport(int capacity, Duration maxAge, LongSupplier clockMillis) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.capacity = capacity;
        this.maxAgeMillis = maxAge == null ? Long.MAX_VALUE : maxAge.toMillis();
        this.clockMillis = clockMillis;
        this.ring = new Envelope[capacity];
    }

    @Override
    public synchronized Uni<Envelope> dispatch(Update update) {
        if (closed) {
            return Uni.createFrom().failure(new TransportUnavailableException("the hub is shutting down", null));
        }
        Envelope envelope = new Envelope(update, new Position(0, next), clockMillis.getAsLong());
        next++;
        retain(envelope);
        undelivered.add(envelope);
        if (!delivering) {
            delivering = true;
            try {
                Envelope pending;
                while ((pending = undelivered.poll()) != null) {
                    for (MultiEmitter<? super Envelope> listener : List.copyOf(listeners)) {
                        listener.emit(pending);
                    }
                }
            } finally {
                delivering = false;
            }
        }
        return Uni.createFrom().item(envelope);
    }

    @Override
    public Multi<Envelope> subscribe(Position after) {
        return Multi.createFrom().emitter(emitter -> {
            synchronized (this) {
                if (closed) {
                    emitter.complete();
                    return;
                }
                if (after != null) {
                    expire();
                    for (long seq = Math.max(oldest, after.minor() + 1); seq < next; seq++) {
                        emitter.emit(at(seq));
                    }
                }
                listeners.add(emitter);
            }
            emitter.onTermination(() -> {
                synchronized (this) {
                    listeners.remove(emitter);
                }
            });
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
        String oldestId = oldest < next ? at(oldest).id() : null;
        Position head = next > 1 ? new Position(0, next - 1) : null;
        return Uni.createFrom().item(new History(updates, found, oldestId, head));
    }

    @Override
    public synchronized boolean isReady() {
        return !closed;
    }

    @Override
    public void close() {
        List<MultiEmitter<? super Envelope>> open;
        synchronized (this) {
            closed = true;
            open = List.copyOf(listeners);
            listeners.clear();
        }
        open.forEach(MultiEmitter::complete);
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
        byId.put(envelope.id(), envelope);
        expire();
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
        byId.remove(evicted.id(), evicted);
        oldest++;
    }

    private Envelope at(long seq) {
        return ring[index(seq)];
    }

    private int index(long seq) {
        return (int) (seq % capacity);
    }
}
