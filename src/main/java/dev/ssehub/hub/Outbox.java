package dev.ssehub.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.ssehub.hub.sse.Comment;
import dev.ssehub.hub.sse.Frame;

/**
 * The frames waiting for one subscriber's connection, bounded. Thread-safe: the fan-out, the
 * heartbeat timer and the connection use it from different threads. It calls its
 * {@link Subscriber.Sink} outside its lock, when it goes from empty to not empty or ends, so a sink
 * may do anything there without risking a lock-order deadlock.
 */
final class Outbox {

    private final int capacity;
    private final Subscriber.Sink sink;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>(4);
    // Live updates that arrive while the history is being read; null once the replay is done.
    private List<Envelope> held;
    // Updates at or before this position came with the replay and must not come again.
    private Position replayedUpTo;
    // Replayed frames still queued: they do not count against the capacity, which bounds how far a
    // subscriber falls behind live updates, not how much history it asked for.
    private int replayQueued;
    private boolean wakePending;
    private Subscriber.End end;
    private long lastOfferNanos;

    Outbox(int capacity, Subscriber.Sink sink, long nowNanos) {
        this.capacity = capacity;
        this.sink = sink;
        this.lastOfferNanos = nowNanos;
    }

    /**
     * Queues a live update. Returns {@code false}, queuing nothing, if the subscriber is already
     * {@code capacity} frames behind: the caller then ends it as too slow.
     */
    boolean offer(Envelope envelope, long nowNanos) {
        synchronized (this) {
            if (end != null) {
                return true;
            }
            Position position = envelope.position();
            if (replayedUpTo != null && position != null && !position.isAfter(replayedUpTo)) {
                return true;
            }
            if (held != null) {
                if (held.size() >= capacity) {
                    return false;
                }
                held.add(envelope);
                return true;
            }
            if (queue.size() - replayQueued >= capacity) {
                return false;
            }
            queue.add(envelope);
            lastOfferNanos = nowNanos;
            if (!claimWake()) {
                return true;
            }
        }
        sink.wakeUp();
        return true;
    }

    /** Queues a heartbeat if nothing was queued for {@code heartbeatNanos} and nothing is waiting. */
    void heartbeatIfIdle(long nowNanos, long heartbeatNanos) {
        synchronized (this) {
            if (end != null || held != null || !queue.isEmpty() || nowNanos - lastOfferNanos < heartbeatNanos) {
                return;
            }
            queue.add(Comment.KEEP_ALIVE);
            lastOfferNanos = nowNanos;
            if (!claimWake()) {
                return;
            }
        }
        sink.wakeUp();
    }

    /** Holds live updates back until {@link #finishReplay} has queued the history before them. */
    synchronized void startReplay() {
        held = new ArrayList<>();
    }

    /**
     * Queues {@code notice} (if not {@code null}) and the replayed updates, then the live updates
     * held meanwhile that are newer than {@code head}; from now on, live updates at or before
     * {@code head} are dropped as already sent.
     */
    void finishReplay(Frame notice, Collection<Envelope> replayed, Position head, long nowNanos) {
        synchronized (this) {
            if (end != null || held == null) {
                return;
            }
            if (notice != null) {
                queue.add(notice);
            }
            queue.addAll(replayed);
            replayQueued = queue.size();
            for (Envelope live : held) {
                if (live.position() == null || head == null || live.position().isAfter(head)) {
                    queue.add(live);
                }
            }
            held = null;
            replayedUpTo = head;
            lastOfferNanos = nowNanos;
            if (queue.isEmpty() || !claimWake()) {
                return;
            }
        }
        sink.wakeUp();
    }

    /** Queues {@code last} after what is waiting, then ends the outbox for {@code reason}, once. */
    boolean endWith(Frame last, Subscriber.End reason) {
        synchronized (this) {
            if (end != null) {
                return false;
            }
            queue.add(last);
        }
        return end(reason, false);
    }

    /**
     * Ends the outbox for {@code reason}, once; what is queued stays for the sink to flush unless
     * {@code discard}. Returns whether this call ended it.
     */
    boolean end(Subscriber.End reason, boolean discard) {
        synchronized (this) {
            if (end != null) {
                return false;
            }
            end = reason;
            held = null;
            if (discard) {
                queue.clear();
                replayQueued = 0;
            }
            wakePending = true;
        }
        sink.wakeUp();
        return true;
    }

    /**
     * Moves up to {@code max} frames to {@code out}, oldest first. When it leaves the queue empty,
     * the next frame wakes the sink again.
     */
    synchronized int drainTo(Collection<? super Frame> out, int max) {
        int moved = 0;
        Frame frame;
        while (moved < max && (frame = queue.poll()) != null) {
            out.add(frame);
            moved++;
        }
        replayQueued = Math.max(0, replayQueued - moved);
        if (queue.isEmpty()) {
            wakePending = false;
        }
        return moved;
    }

    /** Why it ended, or {@code null} while open. */
    synchronized Subscriber.End end() {
        return end;
    }

    /** Whether it ended and everything queued has been drained: the sink should close. */
    synchronized boolean finished() {
        return end != null && queue.isEmpty();
    }

    /** Frames waiting now. */
    synchronized int size() {
        return queue.size();
    }

    private boolean claimWake() {
        if (wakePending) {
            return false;
        }
        wakePending = true;
        return true;
    }
}
