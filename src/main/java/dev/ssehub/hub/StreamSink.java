package dev.ssehub.hub;

import java.util.ArrayList;
import java.util.List;

import dev.ssehub.hub.sse.Frame;

import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Drains a subscriber into a Mutiny emitter, emitting only what the downstream requested.
 * Lock-free: a wake-up while another thread drains makes that thread loop once more, so emitting
 * never waits for a lock (the downstream may call back into the hub).
 */
final class StreamSink implements Subscriber.Sink {

    private final MultiEmitter<? super Frame> emitter;
    private final SerialRunner drainer = new SerialRunner(Runnable::run, this::drain);
    private final List<Frame> batch = new ArrayList<>(1);
    private volatile Subscriber subscriber;

    StreamSink(MultiEmitter<? super Frame> emitter) {
        this.emitter = emitter;
        emitter.onRequest(requested -> wakeUp());
    }

    void attach(Subscriber attached) {
        subscriber = attached;
        wakeUp();
    }

    @Override
    public void wakeUp() {
        drainer.signal();
    }

    private void drain() {
        Subscriber current = subscriber;
        if (current == null || emitter.isCancelled()) {
            return;
        }
        while (emitter.requested() > 0 && current.drainTo(batch, 1) == 1) {
            emitter.emit(batch.remove(0));
        }
        if (current.finished()) {
            emitter.complete();
        }
    }
}
