package dev.ssehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Hub;
import dev.ssehub.support.SseTestClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A client that goes away must not leave a subscription behind. */
@QuarkusTest
class SubscriptionCleanupTest {

    @TestHTTPResource("/sse/events")
    URI events;

    @Inject
    Hub hub;

    @Test
    void subscriberCountReturnsToItsBaselineWhenClientsDisconnect() {
        // The demo's presence counter is an in-process subscriber of its own; other tests' clients
        // may still be closing: wait for the count to settle first.
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriberCount() == 1);
        int baseline = hub.subscriberCount();

        SseTestClient first = SseTestClient.open(events);
        SseTestClient second = SseTestClient.open(events);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriberCount() == baseline + 2);
        first.next(Duration.ofSeconds(10));

        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriberCount() == baseline + 1);
        second.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriberCount() == baseline);
        assertThat(hub.tooSlowCount()).isZero();
    }
}
