package dev.ssehub.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber that behaves as an {@code EventSource}: it reads a stream on a thread of its own,
 * and whenever the stream ends or fails it waits the last {@code retry} hint (500 ms without one)
 * and connects again with {@code Last-Event-ID}, for tests of what a client sees across outages.
 * It can also be sent away for a while, as a client whose network drops. Thread-safe.
 */
public final class ResumingSubscriber implements AutoCloseable {

    private static final Duration DEFAULT_RETRY = Duration.ofMillis(500);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final URI uri;
    private final String name;
    private final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();
    private final List<ReceivedEvent> notices = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread thread;
    private volatile String lastEventId;
    private volatile long awayUntilNanos = System.nanoTime();
    private volatile InputStream body;
    private volatile boolean closed;

    private ResumingSubscriber(String name, URI uri, String lastEventId) {
        this.name = name;
        this.uri = uri;
        this.lastEventId = lastEventId;
        thread = new Thread(this::run, "subscriber-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts reading {@code uri}, with {@code lastEventId} on the first request too unless {@code null}. */
    public static ResumingSubscriber start(String name, URI uri, String lastEventId) {
        return new ResumingSubscriber(name, uri, lastEventId);
    }

    /** This subscriber's name, for messages. */
    public String name() {
        return name;
    }

    /** Updates received, in order: events of the default type {@code message} that carry an id. */
    public List<ReceivedEvent> events() {
        return List.copyOf(events);
    }

    /** Other events: those the hub sends about the stream itself (e.g. {@code gap}). */
    public List<ReceivedEvent> notices() {
        return List.copyOf(notices);
    }

    /** How many streams were opened (answered 200) so far. */
    public int connections() {
        return connections.get();
    }

    /** Drops the connection now and stays away for {@code duration} before resuming. */
    public void goAway(Duration duration) {
        awayUntilNanos = System.nanoTime() + duration.toNanos();
        closeBody();
    }

    @Override
    public void close() {
        closed = true;
        closeBody();
        thread.interrupt();
    }

    private void run() {
        while (!closed) {
            Duration retry = DEFAULT_RETRY;
            try {
                awaitBack();
                retry = readOnce();
            } catch (IOException e) {
                // Refused, reset or dropped on purpose: retry as a browser would.
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void awaitBack() throws InterruptedException {
        long left;
        while (!closed && (left = awayUntilNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /** Reads one stream to its end; returns the delay before the next connection. */
    private Duration readOnce() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream").GET();
        String resumeFrom = lastEventId;
        if (resumeFrom != null) {
            request.header("Last-Event-ID", resumeFrom);
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        if (response.statusCode() != 200 || closed || System.nanoTime() < awayUntilNanos) {
            closeBody();
            return DEFAULT_RETRY;
        }
        connections.incrementAndGet();
        SseParser parser = new SseParser(event -> {
            if ("message".equals(event.type()) && !event.id().isEmpty()) {
                lastEventId = event.id();
                events.add(event);
            } else {
                notices.add(event);
            }
        }, comment -> { });
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                parser.line(line);
            }
        } catch (IOException e) {
            // Dropped: what was read counts, and the client comes back.
        }
        Long hint = parser.retry();
        return hint == null ? DEFAULT_RETRY : Duration.ofMillis(hint);
    }

    private void closeBody() {
        InputStream open = body;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }
}
