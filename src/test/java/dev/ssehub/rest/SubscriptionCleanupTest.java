package dev.ssehub.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Broadcaster;
import dev.ssehub.support.SseTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A client that goes away must not leave a subscription behind. */
@QuarkusTest
class SubscriptionCleanupTest {

    @TestHTTPResource("/sse/events")
    URI events;

    @Inject
    Broadcaster broadcaster;

    @Test
    void subscriberCountReturnsToZeroWhenClientsDisconnect() {
        await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscriberCount() == 0);

        SseTestClient first = SseTestClient.open(events);
        SseTestClient second = SseTestClient.open(events);
        await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscriberCount() == 2);
        first.next(Duration.ofSeconds(10));

        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscriberCount() == 1);
        second.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscriberCount() == 0);
        assertThat(broadcaster.slowConsumerDisconnects()).isZero();
    }
}
