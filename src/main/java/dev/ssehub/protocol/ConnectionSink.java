package dev.ssehub.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ssehub.hub.Hub;
import dev.ssehub.hub.Subscriber;
import dev.ssehub.hub.sse.Frame;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Writes one subscriber's frames to its HTTP response, on the connection's own event loop: up to
 * {@link #MAX_BATCH} queued frames go out in one flush (as ready-made chunks on HTTP/1.1, see
 * {@link Http1ChunkWriter}), and when the socket cannot take more the frames wait in the
 * subscriber's bounded outbox, where a client that stays behind is cut off.
 */
final class ConnectionSink implements Subscriber.Sink {

    static final int MAX_BATCH = 64;

    private final Context context;
    private final HttpServerResponse response;
    private final Hub hub;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // Touched on the event loop only.
    private final List<Frame> batch = new ArrayList<>();
    private final Handler<Void> drainTask = v -> {
        scheduled.set(false);
        drain();
    };
    private final Handler<Void> resumeTask = v -> drain();
    private final HttpServerRequest request;
    private Subscriber subscriber;
    // Null where the connection cannot take ready-made chunks: then frames go through the response.
    private Http1ChunkWriter chunks;
    private boolean clientGone;

    /** Call on the connection's event loop, before subscribing, so that no disconnect goes unseen. */
    ConnectionSink(Context context, HttpServerRequest request, Hub hub) {
        this.context = context;
        this.request = request;
        this.response = request.response();
        this.hub = hub;
        response.closeHandler(v -> {
            clientGone = true;
            if (subscriber != null) {
                hub.unsubscribe(subscriber);
            }
        });
    }

    /** Sends the headers and starts draining; call on the connection's event loop. */
    void open(Subscriber opened) {
        subscriber = opened;
        if (clientGone || response.closed()) {
            hub.unsubscribe(opened);
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        // Headers now: an EventSource reports "open" when they arrive, not at the first update.
        if (request.version() == HttpVersion.HTTP_1_0) {
            // No chunked coding in HTTP/1.0, so Vert.x refuses writeHead(); the body then ends with
            // the connection (which drain() closes), and an empty write sends the head. Vert.x would
            // promise keep-alive to a client that asked for it: the last word on the header is ours.
            response.headersEndHandler(v -> response.putHeader("Connection", "close"));
            response.write(Buffer.buffer());
        } else {
            response.writeHead();
        }
        chunks = Http1ChunkWriter.forResponse(request);
        drain();
    }

    @Override
    public void wakeUp() {
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(drainTask);
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
                abort();
                return;
            }
            response.drainHandler(resumeTask);
            return;
        }
        int count = subscriber.drainTo(batch, MAX_BATCH);
        if (count > 0) {
            if (chunks != null) {
                chunks.write(batch);
            } else {
                response.write(toBuffer(batch));
            }
            batch.clear();
        }
        if (subscriber.end() == Subscriber.End.TOO_SLOW) {
            // Its queue was dropped: close at once rather than after the bytes already in flight.
            abort();
        } else if (subscriber.finished()) {
            // On shutdown: reconnect through a new connection, which the load balancer may send
            // elsewhere. On HTTP/1.0: closing the connection is how the body ends.
            boolean close = request.version() == HttpVersion.HTTP_1_0
                    || subscriber.end() == Subscriber.End.SHUTDOWN && request.version() != HttpVersion.HTTP_2;
            response.end().onComplete(written -> {
                if (close) {
                    request.connection().close();
                }
            });
            hub.unsubscribe(subscriber);
        } else if (count == MAX_BATCH) {
            // More is queued: let other connections of this event loop write before the rest.
            wakeUp();
        }
    }

    private void abort() {
        response.reset();
        hub.unsubscribe(subscriber);
    }

    // Wraps the frames' shared bytes without copying them: one update's bytes serve every subscriber.
    private static Buffer toBuffer(List<Frame> frames) {
        if (frames.size() == 1) {
            return Buffer.buffer(Unpooled.wrappedBuffer(frames.get(0).bytes()));
        }
        byte[][] parts = new byte[frames.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = frames.get(i).bytes();
        }
        return Buffer.buffer(Unpooled.wrappedBuffer(parts));
    }
}
