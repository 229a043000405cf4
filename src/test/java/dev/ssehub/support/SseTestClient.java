package dev.ssehub.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads a real SSE stream over HTTP/1.1 with the JDK client, on a background thread, and hands
 * events to the test with deadlines. Close it to disconnect.
 */
public final class SseTestClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<ReceivedEvent> events = new LinkedBlockingQueue<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final SseParser parser;
    private volatile boolean ended;
    private volatile boolean endedCleanly;

    private SseTestClient(HttpResponse<InputStream> response) {
        this.response = response;
        parser = new SseParser(events::add, comments::add);
        reader = new Thread(() -> read(parser), "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and waits (up to 10 s) for the response headers. */
    public static SseTestClient open(URI uri, String... headers) {
        return open(HTTP, uri, headers);
    }

    /**
     * Connects over {@code version} and waits for the response headers; over HTTP/2 on a plain
     * connection the JDK client upgrades with {@code Upgrade: h2c}.
     */
    public static SseTestClient open(HttpClient.Version version, URI uri, String... headers) {
        return open(HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build(), uri, headers);
    }

    private static SseTestClient open(HttpClient http, URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<InputStream> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(10, TimeUnit.SECONDS);
            return new SseTestClient(response);
        } catch (Exception e) {
            throw new AssertionError("Could not open " + uri, e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    /** The HTTP version the response came over. */
    public HttpClient.Version version() {
        return response.version();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** Comments received so far, without the leading colon and space. */
    public List<String> comments() {
        return comments;
    }

    /** The last {@code retry} hint the server sent, or {@code null}. */
    public Long retry() {
        return parser.retry();
    }

    /** True once the server ended the response properly (not by an error or a reset connection). */
    public boolean endedCleanly() {
        return endedCleanly;
    }

    /** True once the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    /** The next event, failing if none arrives within {@code timeout}. */
    public ReceivedEvent next(Duration timeout) {
        return EventWaits.next(events, timeout, () -> ended);
    }

    /** The next event matching {@code condition}, skipping others, failing after {@code timeout}. */
    public ReceivedEvent awaitEvent(Predicate<ReceivedEvent> condition, Duration timeout) {
        return EventWaits.await(this::next, condition, timeout);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }

    private void read(SseParser parser) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                parser.line(line);
            }
            endedCleanly = true;
        } catch (IOException e) {
            // closed by the test or the server
        } finally {
            ended = true;
        }
    }
}
