package dev.ssehub.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.SseTestClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** An idle stream gets keep-alive comments; this profile silences the clock to make it idle. */
@QuarkusTest
@TestProfile(HeartbeatTest.QuietClock.class)
class HeartbeatTest {

    @TestHTTPResource("/sse/events")
    URI events;

    @Test
    void idleStreamReceivesKeepAliveComments() {
        try (SseTestClient client = SseTestClient.open(events)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.comments().size() >= 2);
            assertThat(client.comments()).allMatch("keep-alive"::equals);

            // Comments are not events: an EventSource sees only what was published.
            given().contentType("application/json").body("{\"user\":\"ada\"}").post("/sse/users").then().statusCode(202);
            // The subscriber count announced when this stream opened comes before it.
            assertThat(client.awaitEvent(e -> !e.type().equals("subscribers"), Duration.ofSeconds(10)).type())
                    .isEqualTo("user_joined");
        }
    }

    /** A 300 ms heartbeat and a clock that never ticks during the test. */
    public static class QuietClock implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.heartbeat", "300ms", "hub.demo.tick", "1h");
        }
    }
}
