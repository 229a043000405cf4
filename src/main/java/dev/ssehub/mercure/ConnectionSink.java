package dev.ssehub.mercure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ssehub.hub.Frame;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.Subscriber;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes one subscriber's frames to its HTTP response, on the connection's own event loop: up to
 * {@link #MAX_BATCH} queued frames go out in one write, and when the socket cannot take more the
 * frames wait in the subscriber's bounded outbox, where a client that stays behind is cut off.
 */
final class ConnectionSink implements Subscriber.Sink {

    static final int MAX_BATCH = 64;

    private final Context context;
    private final HttpServerResponse response;
    private final Hub hub;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // Touched on the event loop only.
    private final List<Frame> batch = new ArrayList<>();
    private Subscriber subscriber;

    ConnectionSink(Context context, HttpServerResponse response, Hub hub) {
        this.context = context;
        this.response = response;
        this.hub = hub;
    }

    /** Sends the headers and starts draining; call on the connection's event loop. */
    void open(Subscriber opened) {
        subscriber = opened;
        if (response.closed()) {
            hub.unsubscribe(opened);
            return;
        }
        response.closeHandler(v -> hub.unsubscribe(opened));
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        // Headers now: an EventSource reports "open" when they arrive, not at the first update.
        response.writeHead();
        drain();
    }

    @Override
    public void wakeUp() {
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                scheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        if (subscriber == null || response.ended()) {
            return;
        }
        if (response.closed()) {
            hub.unsubscribe(subscriber);
            return;
        }
        if (response.writeQueueFull()) {
            if (subscriber.end() != null) {
                // Ended while the client is not reading: nothing more can be flushed, close now.
                response.reset();
                hub.unsubscribe(subscriber);
                return;
            }
            response.drainHandler(v -> drain());
            return;
        }
        int count = subscriber.drainTo(batch, MAX_BATCH);
        if (count > 0) {
            response.write(toBuffer(batch));
            batch.clear();
        }
        if (subscriber.end() == Subscriber.End.TOO_SLOW) {
            // Its queue was dropped: close at once rather than after the bytes already in flight.
            response.reset();
            hub.unsubscribe(subscriber);
        } else if (subscriber.finished()) {
            response.end();
            hub.unsubscribe(subscriber);
        } else if (count == MAX_BATCH) {
            // More is queued: let other connections of this event loop write before the rest.
            wakeUp();
        }
    }

    private static Buffer toBuffer(List<Frame> frames) {
        if (frames.size() == 1) {
            return Buffer.buffer(frames.get(0).bytes());
        }
        int size = 0;
        for (Frame frame : frames) {
            size += frame.bytes().length;
        }
        Buffer buffer = Buffer.buffer(size);
        for (Frame frame : frames) {
            buffer.appendBytes(frame.bytes());
        }
        return buffer;
    }
}
