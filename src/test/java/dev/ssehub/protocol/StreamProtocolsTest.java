package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.eventsUntil;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.subscribeUri;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseParser;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The stream over each HTTP version a client may speak. HTTP/1.1 streams are written as ready-made
 * chunks ({@link Http1ChunkWriter}); HTTP/2 and HTTP/1.0 go through the Vert.x response, and each
 * path must deliver the same bytes.
 */
@QuarkusTest
class StreamProtocolsTest {

    private static final String PUBLISHER = TestTokens.publisher("*");

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void overHttp11UpdatesOfEverySizeArriveIntactAndInOrder() {
        String topic = uniqueTopic("h1");
        // Small ones are framed once per event loop; the large ones are framed per write.
        List<String> sent = IntStream.range(0, 120)
                .mapToObj(i -> i % 10 == 9 ? "large " + i + " " + "z".repeat(40_000) : "line " + i + "\nnext é ✓")
                .toList();
        long writers = Http1ChunkWriter.created();
        try (SseTestClient client = SseTestClient.open(HttpClient.Version.HTTP_1_1, subscribeUri(hub, topic))) {
            assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(Http1ChunkWriter.created()).as("the stream writes ready-made chunks").isGreaterThan(writers);
            assertThat(client.headers().firstValue("transfer-encoding")).hasValue("chunked");
            sent.forEach(data -> publishOk(hub, PUBLISHER, "topic", topic, "data", data));
            publishOk(hub, PUBLISHER, "topic", topic, "data", "end");

            assertThat(eventsUntil(client, "end")).extracting(ReceivedEvent::data).isEqualTo(sent);
        }
    }

    @Test
    void overHttp2TheStreamCarriesEveryUpdateIntact() {
        String topic = uniqueTopic("h2");
        long writers = Http1ChunkWriter.created();
        try (SseTestClient client = SseTestClient.open(HttpClient.Version.HTTP_2, subscribeUri(hub, topic))) {
            assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(Http1ChunkWriter.created()).as("HTTP/2 writes through the response").isEqualTo(writers);
            assertThat(client.headers().firstValue("content-type")).hasValue("text/event-stream");
            publishOk(hub, PUBLISHER, "topic", topic, "data", "first");
            publishOk(hub, PUBLISHER, "topic", topic, "data", "two\nlines", "type", "named");
            publishOk(hub, PUBLISHER, "topic", topic, "data", "end");

            List<ReceivedEvent> events = eventsUntil(client, "end");
            assertThat(events).extracting(ReceivedEvent::data).containsExactly("first", "two\nlines");
            assertThat(events.get(1).type()).isEqualTo("named");
        }
    }

    @Test
    void overHttp10TheStreamHasNoChunksAndEndsByClosingTheConnectionEvenWithKeepAlive() throws IOException {
        String topic = uniqueTopic("h10");
        URI target = subscribeUri(hub, topic);
        // Its token expires in a few seconds, which ends the stream.
        String token = TestTokens.hs256(TestTokens.SUBSCRIBER_KEY, Map.of("subscribe", List.of("*")),
                Instant.now().plusSeconds(3));
        long writers = Http1ChunkWriter.created();
        try (Socket socket = new Socket(hub.getHost(), hub.getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            String request = "GET " + target.getRawPath() + "?" + target.getRawQuery() + " HTTP/1.0\r\n"
                    + "Host: " + hub.getHost() + ":" + hub.getPort() + "\r\nAccept: text/event-stream\r\n"
                    + "Connection: keep-alive\r\nAuthorization: Bearer " + token + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.0 200").containsIgnoringCase("content-type: text/event-stream")
                    .containsIgnoringCase("connection: close").doesNotContainIgnoringCase("transfer-encoding");
            assertThat(Http1ChunkWriter.created()).as("HTTP/1.0 writes through the response").isEqualTo(writers);

            publishOk(hub, PUBLISHER, "topic", topic, "data", "over one-point-oh");
            // The server closes the connection once the token expires: read to the end.
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);

            assertThat(SseParser.parseAll(body)).extracting(ReceivedEvent::data).containsExactly("over one-point-oh");
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.UTF_8).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("The stream ended before '" + end.strip() + "': " + read);
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
