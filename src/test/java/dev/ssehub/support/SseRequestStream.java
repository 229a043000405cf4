package dev.ssehub.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An SSE stream opened by any request, such as a {@code QUERY} with a form body, which
 * {@link SseTestClient} (a {@code GET} only) cannot send. Reads on a background thread and hands
 * events to the test with deadlines; close it to disconnect. The body of a refused request is read
 * as text instead ({@link #errorBody()}).
 */
public final class SseRequestStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<ReceivedEvent> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final String errorBody;
    private volatile boolean ended;

    private SseRequestStream(HttpResponse<InputStream> response) throws IOException {
        this.response = response;
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            reader = null;
            ended = true;
            return;
        }
        errorBody = null;
        SseParser parser = new SseParser(events::add, comment -> { });
        reader = new Thread(() -> read(parser), "sse-request-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends {@code request} (with {@code Accept: text/event-stream} added) and waits up to 10 s for the head. */
    public static SseRequestStream open(HttpRequest.Builder request) {
        try {
            HttpResponse<InputStream> response = HTTP.sendAsync(request.header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
            return new SseRequestStream(response);
        } catch (Exception e) {
            throw new AssertionError("Could not open the stream", e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** The body of a response other than 200, read whole; {@code null} for a stream. */
    public String errorBody() {
        return errorBody;
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
        if (reader != null) {
            reader.interrupt();
        }
    }

    private void read(SseParser parser) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                parser.line(line);
            }
        } catch (IOException e) {
            // closed by the test or the server
        } finally {
            ended = true;
        }
    }
}
