package dev.ssehub.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ssehub.hub.sse.Frame;

/**
 * A test connection that drains its subscriber as soon as it is woken, like a fast client, or
 * never (a stalled client) until told to.
 */
final class RecordingSink implements Subscriber.Sink {

    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;
    private volatile Subscriber subscriber;
    private volatile boolean closed;

    static RecordingSink stalled() {
        RecordingSink sink = new RecordingSink();
        sink.stalled = true;
        return sink;
    }

    void attach(Subscriber attached) {
        subscriber = attached;
        wakeUp();
    }

    @Override
    public synchronized void wakeUp() {
        Subscriber current = subscriber;
        if (current == null || stalled) {
            return;
        }
        List<Frame> batch = new ArrayList<>();
        current.drainTo(batch, Integer.MAX_VALUE);
        received.addAll(batch);
        if (current.finished()) {
            closed = true;
        }
    }

    void resume() {
        stalled = false;
        wakeUp();
    }

    List<Frame> frames() {
        return received;
    }

    /** The updates received, without heartbeats and notices. */
    List<Envelope> updates() {
        return received.stream().filter(Envelope.class::isInstance).map(Envelope.class::cast).toList();
    }

    List<String> ids() {
        return updates().stream().map(Envelope::id).toList();
    }

    List<String> data() {
        return updates().stream().map(envelope -> envelope.update().data()).toList();
    }

    boolean closed() {
        return closed;
    }
}
