package dev.ssehub.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The demo stream read over real HTTP, as a browser's EventSource would read it. */
@QuarkusTest
class EventStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/sse/events")
    URI events;

    @Test
    void streamCarriesTheHeadersProxiesNeed() {
        try (SseTestClient client = SseTestClient.open(events)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(client.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(client.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        }
    }

    @Test
    void clockTicksAboutOnceASecondWithIsoInstantsAndIncreasingIds() {
        try (SseTestClient client = SseTestClient.open(events)) {
            List<ReceivedEvent> ticks = new ArrayList<>();
            while (ticks.size() < 3) {
                ticks.add(client.awaitEvent(EventStreamTest::isTick, WAIT));
            }
            for (int i = 1; i < ticks.size(); i++) {
                // Ids are time-ordered urn:uuid IRIs: later ones sort after earlier ones.
                assertThat(ticks.get(i).id()).startsWith("urn:uuid:").isGreaterThan(ticks.get(i - 1).id());
                Duration gap = Duration.between(Instant.parse(ticks.get(i - 1).data()), Instant.parse(ticks.get(i).data()));
                // Server-side timestamps of consecutive ticks: one period apart, give or take scheduling.
                assertThat(gap).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
            }
        }
    }

    @Test
    void twoSubscribersShareOneClock() {
        try (SseTestClient first = SseTestClient.open(events); SseTestClient second = SseTestClient.open(events)) {
            ReceivedEvent tick = second.awaitEvent(EventStreamTest::isTick, WAIT);
            // The first subscriber, connected earlier, saw the very same tick: same id, same instant.
            ReceivedEvent same = first.awaitEvent(e -> e.id().equals(tick.id()), WAIT);
            assertThat(same).isEqualTo(tick);
        }
    }

    @Test
    void joinArrivesAsNamedEventWithJsonData() throws Exception {
        try (SseTestClient client = SseTestClient.open(events)) {
            String id = given().contentType("application/json").body("{\"user\":\"ada\"}")
                    .when().post("/sse/users")
                    .then().statusCode(202).extract().path("id");

            ReceivedEvent joined = client.awaitEvent(e -> e.type().equals("user_joined"), WAIT);
            assertThat(joined.id()).isEqualTo(id);
            JsonNode data = JSON.readTree(joined.data());
            assertThat(data.get("user").asText()).isEqualTo("ada");
            assertThat(Instant.parse(data.get("at").asText())).isBefore(Instant.now().plusSeconds(1));
        }
    }

    @Test
    void messageTextArrivesExactlyAsSent() throws Exception {
        String text = "line one\nline two\r\n\ttabbed \"quoted\" \\ back\u2028sep é 世界 😀 <b>not html</b>";
        try (SseTestClient client = SseTestClient.open(events)) {
            given().contentType("application/json; charset=UTF-8")
                    .body(JSON.writeValueAsString(new MessageRequest("ada", text)))
                    .when().post("/sse/messages")
                    .then().statusCode(202);

            ReceivedEvent message = client.awaitEvent(e -> e.type().equals("message") && e.data().startsWith("{"), WAIT);
            JsonNode data = JSON.readTree(message.data());
            assertThat(data.get("user").asText()).isEqualTo("ada");
            assertThat(data.get("text").asText()).isEqualTo(text);
        }
    }

    @Test
    void leaveArrivesAsUserLeft() throws Exception {
        try (SseTestClient client = SseTestClient.open(events)) {
            given().when().delete("/sse/users/{user}", "grace hopper").then().statusCode(202);

            ReceivedEvent left = client.awaitEvent(e -> e.type().equals("user_left"), WAIT);
            assertThat(JSON.readTree(left.data()).get("user").asText()).isEqualTo("grace hopper");
        }
    }

    private static boolean isTick(ReceivedEvent event) {
        return event.type().equals("message") && !event.data().startsWith("{");
    }
}
