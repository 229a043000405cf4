package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.ssehub.support.AppProcess;
import dev.ssehub.support.SseTestClient;

/**
 * SIGTERM to the packaged jar with subscribers connected: readiness goes down, new subscriptions
 * get only a retry hint, every open stream gets a retry hint and ends cleanly at its own moment within the
 * drain window, and the process exits within the window plus the shutdown timeout.
 */
class ShutdownDrainIT {

    private static final Duration WINDOW = Duration.ofSeconds(3);
    // The drain window, then quarkus.shutdown.timeout (5 s) for in-flight requests, then slack for a busy machine.
    private static final Duration EXIT_DEADLINE = WINDOW.plusSeconds(5).plusSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private AppProcess app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void sigtermDrainsEveryStreamWithARetryHintAndExitsInTime() throws Exception {
        app = AppProcess.start("ShutdownDrainIT", "-Dhub.drain.window=" + WINDOW.toMillis() + "ms", "-Dhub.demo.tick=1h");
        URI hub = app.baseUri().resolve("/.well-known/mercure?topic=https%3A%2F%2Fexample.com%2Fdrain");
        List<SseTestClient> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(SseTestClient.open(hub));
        }
        assertThat(status(app.baseUri().resolve("/q/health/ready"))).isEqualTo(200);

        Instant terminated = Instant.now();
        app.process().destroy();

        await().atMost(Duration.ofSeconds(10)).until(() -> status(app.baseUri().resolve("/q/health/ready")) == 503);
        // A new subscription gets no updates, only a retry hint, and a 200: an EventSource gives up for
        // good on an error status, while after the hint it comes back, to another replica.
        try (SseTestClient late = SseTestClient.open(hub)) {
            assertThat(late.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(late::endedCleanly);
            assertThat(late.retry()).isBetween(500L, 5000L);
        }

        Map<SseTestClient, Instant> endedAt = new ConcurrentHashMap<>();
        await().atMost(WINDOW.plusSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            clients.stream().filter(SseTestClient::ended).forEach(c -> endedAt.putIfAbsent(c, Instant.now()));
            return endedAt.size() == clients.size();
        });
        assertThat(app.process().waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .as("the process exits within %s of SIGTERM", EXIT_DEADLINE).isTrue();

        for (SseTestClient client : clients) {
            assertThat(client.endedCleanly()).as("the stream ended with a proper end of response").isTrue();
            assertThat(client.retry()).as("a retry hint came before the end").isBetween(500L, 5000L);
        }
        Instant first = endedAt.values().stream().min(Instant::compareTo).orElseThrow();
        Instant last = endedAt.values().stream().max(Instant::compareTo).orElseThrow();
        // Spread over the window rather than all at once (8 random moments in 3 s).
        assertThat(Duration.between(first, last)).isGreaterThan(Duration.ofMillis(100));
        assertThat(Duration.between(terminated, last)).isLessThan(WINDOW.plusSeconds(5));
        clients.forEach(SseTestClient::close);
    }

    /** With no client to drain, SIGTERM stops the process at once instead of waiting out the window (before: ~12 s). */
    @Test
    void sigtermWithNothingToDrainStopsWithoutWaitingForTheWindow() throws Exception {
        Duration window = Duration.ofSeconds(30);
        app = AppProcess.start("ShutdownDrainIT-idle", "-Dhub.drain.window=" + window.toSeconds() + "s");

        long terminated = System.nanoTime();
        app.process().destroy();

        assertThat(app.process().waitFor(window.toSeconds(), TimeUnit.SECONDS)).as("exited before the window").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - terminated)).as("time to exit").isLessThan(window.dividedBy(2));
        assertThat(app.process().exitValue()).as("a clean exit").isIn(0, 143);
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
