package dev.ssehub.support;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes numbered updates ({@code <prefix>-0001}, {@code -0002}, … as both id and data) to one
 * topic, one after the other with a pause between them, taking the replicas in turn, and keeps every
 * answer, for tests of what publishers see during outages. Each request is bounded by a client
 * timeout, so that one that hangs is recorded as such rather than stalling the test. Thread-safe.
 */
public final class NumberedPublisher implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * One publish and its answer.
     *
     * @param status the HTTP status, or {@link #TIMED_OUT} or {@link #FAILED} without an answer
     * @param startedAt {@link System#nanoTime()} when the request was sent
     */
    public record Publish(String id, AppProcess replica, long startedAt, int status, String body, String contentType,
            String retryAfter) {

        /** The status of a request that reached the client's timeout. */
        public static final int TIMED_OUT = -1;
        /** The status of a request that failed without an answer (connection refused or reset). */
        public static final int FAILED = -2;

        /** Whether the hub acknowledged the update. */
        public boolean acknowledged() {
            return status == 200;
        }
    }

    private final String topic;
    private final String prefix;
    private final List<AppProcess> replicas;
    private final Duration timeout;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<Publish> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger(1);

    private NumberedPublisher(String topic, String prefix, List<AppProcess> replicas, Duration timeout) {
        this.topic = topic;
        this.prefix = prefix;
        this.replicas = List.copyOf(replicas);
        this.timeout = timeout;
    }

    /** A publisher to {@code topic} on {@code replicas} in turn, each request bounded by {@code timeout}. */
    public static NumberedPublisher to(String topic, String prefix, List<AppProcess> replicas, Duration timeout) {
        return new NumberedPublisher(topic, prefix, replicas, timeout);
    }

    /** Starts publishing updates 1, 2, … in the background, {@code pause} after each answer. */
    public NumberedPublisher startEvery(Duration pause) {
        executor.scheduleWithFixedDelay(this::publishNext, 0, pause.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The id of update {@code n}. */
    public String id(int n) {
        return String.format("%s-%04d", prefix, n);
    }

    /** Publishes one update with {@code id} on {@code replica} now, on the caller's thread. */
    public Publish publish(AppProcess replica, String id) {
        String body = "topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&id=" + id + "&data=" + id;
        HttpRequest request = HttpRequest.newBuilder(replica.baseUri().resolve("/.well-known/mercure"))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + TestTokens.publisher("*"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long startedAt = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Publish(id, replica, startedAt, response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(""));
        } catch (HttpTimeoutException e) {
            return new Publish(id, replica, startedAt, Publish.TIMED_OUT, e.toString(), "", "");
        } catch (IOException e) {
            return new Publish(id, replica, startedAt, Publish.FAILED, e.toString(), "", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Publish(id, replica, startedAt, Publish.FAILED, e.toString(), "", "");
        }
    }

    /** Whether it still publishes. */
    public boolean running() {
        return !executor.isShutdown();
    }

    /** Every publish so far, in order. */
    public List<Publish> sent() {
        return List.copyOf(sent);
    }

    /** The acknowledged ones, in order. */
    public List<Publish> acknowledged() {
        return sent.stream().filter(Publish::acknowledged).toList();
    }

    /** The acknowledged ones sent after {@code nanos} ({@link System#nanoTime()}). */
    public List<Publish> acknowledgedAfter(long nanos) {
        return acknowledged().stream().filter(p -> p.startedAt() > nanos).toList();
    }

    /** Stops publishing and waits for the request in flight. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(timeout.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishNext() {
        int n = next.getAndIncrement();
        sent.add(publish(replicas.get(n % replicas.size()), id(n)));
    }
}
