package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Update;
import dev.ssehub.hub.sse.Comment;
import dev.ssehub.hub.sse.Frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The ready-made chunks on a Netty channel laid out like Vert.x's HTTP/1.1 server pipeline, without
 * a server: what a client decodes from the wire, and that every buffer is released. Plain JUnit
 * because the interesting part is byte-exact framing and reference counts, which no HTTP client shows.
 */
class Http1ChunkWriterTest {

    private final List<ByteBuf> toRelease = new ArrayList<>();

    @AfterEach
    void release() {
        toRelease.forEach(buf -> buf.release(buf.refCnt()));
    }

    @Test
    void framesBetweenTheHeadAndTheLastChunkReachTheClientAsTheirExactBytes() {
        EmbeddedChannel server = vertxLikeChannel();
        Http1ChunkWriter writer = writerOn(server);
        Envelope first = envelope("1", "line one\nline two");
        Envelope second = envelope("2", "héllo ✓");

        server.writeOutbound(chunkedHead());
        writer.write(List.of(first));
        writer.write(List.of(Comment.KEEP_ALIVE, second, first));
        server.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);

        ClientView client = decode(server);
        assertThat(client.head.headers().get(HttpHeaderNames.TRANSFER_ENCODING)).isEqualTo("chunked");
        assertThat(client.body).isEqualTo(text(first) + text(Comment.KEEP_ALIVE) + text(second) + text(first));
        assertThat(client.ended).isTrue();
    }

    @Test
    void aFrameIsOneChunkWithItsSizeInHexAndABatchIsOneChunkOfAll() {
        EmbeddedChannel server = vertxLikeChannel();
        Http1ChunkWriter writer = streamOn(server);
        Envelope update = envelope("x", "a".repeat(300));
        Envelope other = envelope("y", "b");

        writer.write(List.of(update));
        String single = drain(server);
        writer.write(List.of(update, Comment.KEEP_ALIVE, other));
        String batch = drain(server);

        assertThat(update.bytes()).hasSize(0x13a);
        assertThat(single).isEqualTo("13a\r\n" + text(update) + "\r\n");
        assertThat(batch).isEqualTo(chunk(text(update) + text(Comment.KEEP_ALIVE) + text(other)));
    }

    @Test
    void aWriteThatFailsAsTheClientGoesRaisesNoExceptionEvent() {
        EmbeddedChannel server = vertxLikeChannel();
        Http1ChunkWriter writer = streamOn(server);
        server.pipeline().addFirst("reset", new ResettingHandler());

        writer.write(List.of(envelope("late", "x")));

        server.checkException();
        assertThat((Object) server.readOutbound()).isNull();
    }

    /** Refuses every write, as the socket does once the client has reset the connection. */
    private static final class ResettingHandler extends ChannelOutboundHandlerAdapter {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IOException("Connection reset by peer"));
        }
    }

    @Test
    void theUnwrappingHandlerSitsBelowTheEncoderOnceAndNotWhereCompressionWouldBeBypassed() {
        EmbeddedChannel plain = vertxLikeChannel();
        assertThat(Http1ChunkWriter.install(plain.pipeline())).isTrue();
        assertThat(Http1ChunkWriter.install(plain.pipeline())).isTrue();
        assertThat(plain.pipeline().names()).containsSubsequence(Http1ChunkWriter.HANDLER_NAME, "httpEncoder", "idle");
        assertThat(plain.pipeline().names().stream().filter(Http1ChunkWriter.HANDLER_NAME::equals)).hasSize(1);

        EmbeddedChannel compressing = vertxLikeChannel();
        compressing.pipeline().addAfter("httpEncoder", "deflater", new HttpContentCompressor());
        assertThat(Http1ChunkWriter.install(compressing.pipeline())).isFalse();
        assertThat(compressing.pipeline().get(Http1ChunkWriter.HANDLER_NAME)).isNull();

        EmbeddedChannel unknown = new EmbeddedChannel(new HttpResponseEncoder());
        assertThat(Http1ChunkWriter.install(unknown.pipeline())).isFalse();
    }

    @Test
    void aRealVertxServerTakesReadyMadeChunksOverHttp11AndNotWhereItCompresses() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Envelope first = envelope("1", "one");
            Envelope second = envelope("2", "two\nlines");
            // Quarkus' own HTTP options that shape the pipeline: an idle timeout, compression off.
            HttpServerOptions quarkusLike = new HttpServerOptions().setHost("127.0.0.1").setIdleTimeout(1800);
            AtomicReference<Http1ChunkWriter> writer = new AtomicReference<>();
            HttpResponse<String> body = serveOnce(vertx, quarkusLike, writer, List.of(first), List.of(Comment.KEEP_ALIVE, second));

            assertThat(writer.get()).as("the writer on Vert.x's HTTP/1.1 pipeline").isNotNull();
            assertThat(body.body()).isEqualTo(text(first) + text(Comment.KEEP_ALIVE) + text(second));

            HttpServerOptions compressing = new HttpServerOptions(quarkusLike).setCompressionSupported(true);
            serveOnce(vertx, compressing, writer, List.of(first));
            assertThat(writer.get()).as("no writer where a compressor sits in the pipeline").isNull();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void overTlsTheChunksPassTheSslHandlerIntact(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keyalg", "EC", "-alias", "server", "-dname", "CN=localhost", "-validity", "2")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        Vertx vertx = Vertx.vertx();
        try {
            // With TLS, Vert.x adds its SslHandler below our handler and a ChunkedWriteHandler above it.
            HttpServerOptions tls = new HttpServerOptions().setHost("127.0.0.1").setIdleTimeout(1800).setSsl(true)
                    .setKeyCertOptions(new PfxOptions().setPath(keystore.toString()).setPassword("changeit"));
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                frames.add(envelope("tls-" + i, i % 8 == 7 ? "large " + "q".repeat(20_000) : "small " + i));
            }
            AtomicReference<Http1ChunkWriter> writer = new AtomicReference<>();
            HttpServer server = vertx.createHttpServer(tls).requestHandler(request -> {
                HttpServerResponse response = request.response().setChunked(true);
                response.writeHead();
                writer.set(Http1ChunkWriter.forResponse(request));
                // One at a time, then the same frames again as batches of five.
                frames.forEach(frame -> writer.get().write(List.of(frame)));
                for (int i = 0; i < frames.size(); i += 5) {
                    writer.get().write(frames.subList(i, i + 5));
                }
                response.end();
            }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            io.vertx.core.http.HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));

            String body = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
                    .compose(request -> request.send().compose(HttpClientResponse::body))
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS).toString(StandardCharsets.UTF_8);

            assertThat(writer.get()).as("the writer on a TLS connection").isNotNull();
            String once = frames.stream().map(Http1ChunkWriterTest::text).collect(Collectors.joining());
            assertThat(body).isEqualTo(once + once);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void onARealVertxServerAWriteThatFailsRaisesNoExceptionOnTheConnection() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<List<Throwable>> raised = new CompletableFuture<>();
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setIdleTimeout(1800))
                    .requestHandler(request -> {
                        try {
                            List<Throwable> seen = new ArrayList<>();
                            request.connection().exceptionHandler(seen::add);
                            request.response().setChunked(true).writeHead();
                            Http1ChunkWriter writer = Http1ChunkWriter.forResponse(request);
                            ((ConnectionBase) request.connection()).channelHandlerContext().pipeline()
                                    .addFirst("reset", new ResettingHandler());
                            writer.write(List.of(envelope("late", "x")));
                            raised.complete(seen);
                        } catch (RuntimeException e) {
                            raised.completeExceptionally(e);
                        }
                    }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.actualPort() + "/")).build(), HttpResponse.BodyHandlers.discarding());

            // Vert.x logs an exception event as an error; the close handler is what tells the hub.
            assertThat(raised.get(10, TimeUnit.SECONDS)).isEmpty();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Serves one chunked response that writes each batch through the writer (if there is one) and ends. */
    @SafeVarargs
    private static HttpResponse<String> serveOnce(Vertx vertx, HttpServerOptions options,
            AtomicReference<Http1ChunkWriter> writer, List<Frame>... batches) throws Exception {
        HttpServer server = vertx.createHttpServer(options).requestHandler(request -> {
            HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            response.writeHead();
            writer.set(Http1ChunkWriter.forResponse(request));
            if (writer.get() != null) {
                for (List<Frame> batch : batches) {
                    writer.get().write(batch);
                }
            }
            response.end();
        }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                    .timeout(Duration.ofSeconds(10)).build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUpdateIsFramedOncePerEventLoopAndItsMemoryFreedOnceEvictedAndWritten() {
        Http1ChunkWriter.ChunkCache cache = new Http1ChunkWriter.ChunkCache();
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        Envelope update = envelope("1", "shared");

        ByteBuf first = cache.chunkOf(update, alloc);
        ByteBuf second = cache.chunkOf(update, alloc);
        ByteBuf shared = first.unwrap();
        assertThat(second.unwrap()).isSameAs(shared);
        assertThat(shared.isDirect()).isTrue();
        // Nothing on the way (TLS coalescing writes, say) can append to bytes other connections share.
        assertThat(first.maxWritableBytes()).isZero();
        assertThatThrownBy(() -> first.capacity(shared.capacity() + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(shared.refCnt()).as("the cache and two writes").isEqualTo(3);
        first.release();

        for (int i = 0; i < Http1ChunkWriter.ChunkCache.ENTRIES; i++) {
            cache.chunkOf(envelope("other-" + i, "x"), alloc).release();
        }
        assertThat(shared.refCnt()).as("evicted, held by the write still on its way").isOne();
        assertThat(second.toString(StandardCharsets.UTF_8)).isEqualTo(chunk(text(update)));
        second.release();
        assertThat(shared.refCnt()).isZero();

        ByteBuf again = cache.chunkOf(update, alloc);
        ByteBuf framedAnew = again.unwrap();
        assertThat(framedAnew.refCnt()).as("framed anew: the cache and this write").isEqualTo(2);
        again.release();
        cache.clear();
        assertThat(framedAnew.refCnt()).isZero();
    }

    @Test
    void aLargeFrameIsFramedForItsOwnWriteAndNotKept() {
        Http1ChunkWriter.ChunkCache cache = new Http1ChunkWriter.ChunkCache();
        Envelope large = envelope("big", "y".repeat(Http1ChunkWriter.ChunkCache.MAX_CACHED_BYTES));

        ByteBuf first = cache.chunkOf(large, PooledByteBufAllocator.DEFAULT);
        ByteBuf second = cache.chunkOf(large, PooledByteBufAllocator.DEFAULT);

        assertThat(second).isNotSameAs(first);
        assertThat(first.refCnt()).isOne();
        assertThat(first.release()).isTrue();
        assertThat(second.release()).isTrue();
    }

    @Test
    void writesHeldBackAboveTheEncoderKeepTheirBytesAfterTheCacheMovedOn() {
        EmbeddedChannel server = vertxLikeChannel();
        Http1ChunkWriter writer = streamOn(server);
        // A handler that holds writes back for a while, as ChunkedWriteHandler does behind a file.
        List<Runnable> held = new ArrayList<>();
        server.pipeline().addBefore("idle", "holding", new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                held.add(() -> ctx.write(msg, promise));
            }
        });
        List<Envelope> updates = IntStream.range(0, Http1ChunkWriter.ChunkCache.ENTRIES * 2)
                .mapToObj(i -> envelope("held-" + i, "data " + i)).toList();

        updates.forEach(update -> writer.write(List.of(update)));
        assertThat(drain(server)).as("held back").isEmpty();
        held.forEach(Runnable::run);
        server.flushOutbound();

        assertThat(drain(server)).isEqualTo(updates.stream().map(update -> chunk(text(update))).collect(Collectors.joining()));
    }

    @Test
    void writesReleaseWhatTheyTookLargeFramesAndBatchesIncluded() {
        EmbeddedChannel server = vertxLikeChannel();
        Http1ChunkWriter writer = writerOn(server);
        Envelope large = envelope("big", "y".repeat(Http1ChunkWriter.ChunkCache.MAX_CACHED_BYTES));
        server.writeOutbound(chunkedHead());

        writer.write(List.of(large));
        writer.write(List.of(large, Comment.KEEP_ALIVE));
        List<ByteBuf> written = new ArrayList<>();
        ByteBuf buf;
        while ((buf = server.readOutbound()) != null) {
            written.add(buf);
        }

        assertThat(written).hasSize(3);
        List<ByteBuf> framed = List.copyOf(written.subList(1, 3));
        assertThat(framed).allSatisfy(chunk -> assertThat(chunk.refCnt()).as("held by its write only").isOne());
        written.forEach(ByteBuf::release);
        assertThat(framed).allSatisfy(chunk -> assertThat(chunk.refCnt()).isZero());
    }

    /** Vert.x 4's HTTP/1.x server pipeline, in the order it builds it: decoder, encoder, idle timer, connection handler. */
    private static EmbeddedChannel vertxLikeChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("httpEncoder", new HttpResponseEncoder());
        channel.pipeline().addLast("idle", new IdleStateHandler(0, 0, Duration.ofMinutes(30).toSeconds(),
                TimeUnit.SECONDS));
        channel.pipeline().addLast("handler", new ChannelInboundHandlerAdapter());
        return channel;
    }

    private static Http1ChunkWriter writerOn(EmbeddedChannel channel) {
        assertThat(Http1ChunkWriter.install(channel.pipeline())).isTrue();
        ChannelHandlerContext handler = channel.pipeline().context("handler");
        return new Http1ChunkWriter(handler, new VoidChannelPromise(channel, false));
    }

    /** A writer on {@code server} whose response head has been sent and read. */
    private Http1ChunkWriter streamOn(EmbeddedChannel server) {
        Http1ChunkWriter writer = writerOn(server);
        server.writeOutbound(chunkedHead());
        drain(server);
        return writer;
    }

    private static HttpMessage chunkedHead() {
        HttpMessage head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
        return head;
    }

    private static Envelope envelope(String id, String data) {
        return new Envelope(new Update(id, List.of("https://example.com/t"), data, null, null, false), null, 0);
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    private static String text(Frame frame) {
        return new String(frame.bytes(), StandardCharsets.UTF_8);
    }

    private String drain(EmbeddedChannel server) {
        StringBuilder wire = new StringBuilder();
        ByteBuf buf;
        while ((buf = server.readOutbound()) != null) {
            wire.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return wire.toString();
    }

    /** What an HTTP client decodes from everything the server wrote. */
    private ClientView decode(EmbeddedChannel server) {
        ByteBuf wire = Unpooled.buffer();
        toRelease.add(wire);
        ByteBuf buf;
        while ((buf = server.readOutbound()) != null) {
            wire.writeBytes(buf);
            buf.release();
        }
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder());
        client.writeInbound(wire.retain());
        ClientView view = new ClientView();
        HttpObject object;
        ByteBuf body = Unpooled.buffer();
        while ((object = client.readInbound()) != null) {
            if (object instanceof HttpMessage head) {
                view.head = head;
            }
            if (object instanceof HttpContent content) {
                body.writeBytes(content.content());
                view.ended |= content instanceof LastHttpContent;
                content.release();
            }
        }
        view.body = body.toString(StandardCharsets.UTF_8);
        body.release();
        return view;
    }

    private static final class ClientView {
        HttpMessage head;
        String body;
        boolean ended;
    }
}
