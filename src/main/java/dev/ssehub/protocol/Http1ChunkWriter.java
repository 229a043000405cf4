package dev.ssehub.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import dev.ssehub.hub.sse.Frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Writes SSE frames to an HTTP/1.1 response sent with chunked transfer coding as ready-made chunks.
 *
 * <p>Every frame of an update goes to thousands of connections. Through
 * {@code HttpServerResponse.write}, each of those writes wraps the bytes, builds a chunk-size
 * header, joins three promises and has Netty copy the heap bytes into a direct buffer. Here an
 * event loop frames each update once, in direct memory ({@code size CRLF frame CRLF}), and every
 * connection of that loop writes a view of the same bytes. The chunk passes Netty's HTTP encoder
 * wrapped in a type the encoder does not touch, and a handler placed just below the encoder
 * unwraps it; everything else (the head, the last chunk that {@code response.end()} writes, the
 * idle timer, TLS, back-pressure through {@code writeQueueFull}) stays with Vert.x as before.
 *
 * <p>This relies on the layout of Vert.x 4's HTTP/1.x pipeline ({@code httpEncoder}, no
 * {@code deflater}); where it does not hold (HTTP/2, HTTP/1.0, compression, another Vert.x),
 * {@link #forResponse} returns {@code null} and the caller writes through the response.
 * Use on the connection's event loop only.
 */
final class Http1ChunkWriter {

    static final String HANDLER_NAME = "sse-hub-chunks";
    private static final String ENCODER_NAME = "httpEncoder";
    private static final String COMPRESSOR_NAME = "deflater";
    private static final ChannelHandler UNWRAPPER = new Unwrapper();
    private static final FastThreadLocal<ChunkCache> CACHE = new FastThreadLocal<>() {
        @Override
        protected ChunkCache initialValue() {
            return new ChunkCache();
        }

        @Override
        protected void onRemoval(ChunkCache cache) {
            cache.clear();
        }
    };

    // How many streams were given a writer, for tests and diagnostics: the fallback writes the same
    // bytes, so the wire alone does not show which path a stream took.
    private static final LongAdder CREATED = new LongAdder();

    private final ChannelHandlerContext ctx;
    private final ChannelPromise quietPromise;

    /**
     * Writes through {@code ctx}, the context of the connection's last handler, completing
     * {@code quietPromise}: a void promise that does not turn a failed write into an exception
     * event, as a write to a client that has just gone is expected (the close handler follows).
     */
    Http1ChunkWriter(ChannelHandlerContext ctx, ChannelPromise quietPromise) {
        this.ctx = ctx;
        this.quietPromise = quietPromise;
    }

    /** Streams given a writer since start. */
    static long created() {
        return CREATED.sum();
    }

    /**
     * A writer for {@code request}'s response, whose head must already be written with chunked
     * transfer coding; {@code null} if this connection cannot take ready-made chunks.
     */
    static Http1ChunkWriter forResponse(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1 || !(request.connection() instanceof ConnectionBase connection)) {
            return null;
        }
        ChannelHandlerContext ctx = connection.channelHandlerContext();
        if (!install(ctx.pipeline())) {
            return null;
        }
        CREATED.increment();
        return new Http1ChunkWriter(ctx, connection.voidPromise);
    }

    /** Places the unwrapping handler below the HTTP encoder, once; false if the pipeline is not as expected. */
    static boolean install(ChannelPipeline pipeline) {
        if (pipeline.get(HANDLER_NAME) != null) {
            return true;
        }
        if (pipeline.get(ENCODER_NAME) == null || pipeline.get(COMPRESSOR_NAME) != null) {
            return false;
        }
        pipeline.addBefore(ENCODER_NAME, HANDLER_NAME, UNWRAPPER);
        return true;
    }

    /**
     * Writes {@code frames} and flushes: one frame as a view of the loop's shared chunk of it,
     * several (a connection that fell behind) copied together into one chunk of their own, so that
     * a batch costs one trip down the pipeline like a single frame.
     */
    void write(List<Frame> frames) {
        // Ordered after Vert.x's own writes (the head, the end) only because all run on this loop.
        assert ctx.executor().inEventLoop() : "chunks are written on the connection's event loop";
        ByteBuf bytes = frames.size() == 1 ? CACHE.get().chunkOf(frames.get(0), ctx.alloc())
                : encode(frames, ctx.alloc());
        ctx.writeAndFlush(new Chunk(bytes), quietPromise);
    }

    /**
     * One chunk holding {@code frames} one after another, as a new buffer: {@code size CRLF bytes...
     * CRLF}. Its capacity is exactly its length and cannot grow, so that no handler on the way (TLS
     * merging small writes, say) can append to a chunk that other connections share.
     */
    static ByteBuf encode(List<Frame> frames, ByteBufAllocator alloc) {
        byte[][] parts = new byte[frames.size()][];
        int length = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = frames.get(i).bytes();
            length += parts[i].length;
        }
        if (length == 0) {
            // A zero-size chunk would end the body.
            return Unpooled.EMPTY_BUFFER;
        }
        byte[] size = Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII);
        int total = size.length + length + 4;
        ByteBuf chunk = alloc.directBuffer(total, total);
        chunk.writeBytes(size).writeByte('\r').writeByte('\n');
        for (byte[] part : parts) {
            chunk.writeBytes(part);
        }
        return chunk.writeByte('\r').writeByte('\n');
    }

    /**
     * A finished chunk on its way past the HTTP encoder, which passes on anything that is neither an
     * HTTP object nor a buffer. It owns its bytes (a view of shared ones, or its own), so that a
     * handler that holds writes back, or one that drops them, releases exactly what this write took.
     */
    static final class Chunk extends DefaultByteBufHolder {

        Chunk(ByteBuf bytes) {
            super(bytes);
        }
    }

    /** Hands a {@link Chunk}'s bytes on as they are. Stateless, shared by every connection. */
    @ChannelHandler.Sharable
    static final class Unwrapper extends ChannelOutboundHandlerAdapter {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg instanceof Chunk chunk ? chunk.content() : msg, promise);
        }
    }

    /**
     * The chunks one event loop wrote last, by frame identity: the connections of a loop write the
     * same update one after another, so it is framed once per loop. Holds a few small frames only;
     * a frame past the size limit, or one written after it left the cache, is framed for that write.
     * Confined to its event loop.
     */
    static final class ChunkCache {

        static final int ENTRIES = 16;
        static final int MAX_CACHED_BYTES = 16 * 1024;

        private final Frame[] frames = new Frame[ENTRIES];
        private final ByteBuf[] chunks = new ByteBuf[ENTRIES];
        private int next;

        /**
         * A buffer with the chunk of {@code frame} that the caller owns: a view of the cached chunk,
         * or for a frame too large to keep, a chunk of its own.
         */
        ByteBuf chunkOf(Frame frame, ByteBufAllocator alloc) {
            // Newest first: the frame being fanned out now is almost always the last one added.
            for (int n = 1; n <= ENTRIES; n++) {
                int i = (next - n + ENTRIES) % ENTRIES;
                if (frames[i] == frame) {
                    return chunks[i].retainedDuplicate();
                }
            }
            ByteBuf chunk = encode(List.of(frame), alloc);
            if (chunk.readableBytes() > MAX_CACHED_BYTES) {
                return chunk;
            }
            if (chunks[next] != null) {
                chunks[next].release();
            }
            frames[next] = frame;
            chunks[next] = chunk;
            next = (next + 1) % ENTRIES;
            return chunk.retainedDuplicate();
        }

        /** Releases every cached chunk. */
        void clear() {
            for (int i = 0; i < ENTRIES; i++) {
                if (chunks[i] != null) {
                    chunks[i].release();
                    chunks[i] = null;
                    frames[i] = null;
                }
            }
        }
    }
}
