package dev.ssehub.protocol;

import static dev.ssehub.protocol.Draft08Http.LAST_EVENT_ID;
import static dev.ssehub.protocol.Draft08Http.MERCURE_LAST_EVENT_ID;
import static dev.ssehub.protocol.Draft08Http.PUBLISHER;
import static dev.ssehub.protocol.Draft08Http.uri;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.accepted;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code hub.max-connection-lifetime}: a stream ends after it even though its token is still valid,
 * and the client, reconnecting with the id it saw last as an EventSource does, misses nothing.
 */
@QuarkusTest
@TestProfile(MaxConnectionLifetimeTest.ShortLifetime.class)
class MaxConnectionLifetimeTest {

    /** The configured lifetime; each stream ends within its last tenth. */
    private static final Duration LIFETIME = Duration.ofSeconds(3);

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void aStreamEndsAfterTheLifetimeAndTheClientResumesFromItsLastId() {
        String topic = uniqueTopic("lifetime");
        String token = AccessTokens.subscribeAnything();
        long openedAt = System.nanoTime();
        String lastSeen;
        try (SseTestClient client = accepted(SseTestClient.open(uri(hub, "match", topic),
                "Authorization", "Bearer " + token))) {
            String first = publishOk(hub, PUBLISHER, "topic", topic, "data", "before the end");
            lastSeen = client.next(WAIT).id();
            assertThat(lastSeen).isEqualTo(first);

            await().atMost(WAIT).until(client::ended);
            Duration open = Duration.ofNanos(System.nanoTime() - openedAt);
            assertThat(open).isGreaterThanOrEqualTo(LIFETIME.minus(LIFETIME.dividedBy(10)).minusMillis(100));
            assertThat(client.endedCleanly()).as("the response was ended, not reset").isTrue();
        }
        String missed = publishOk(hub, PUBLISHER, "topic", topic, "data", "while away");

        try (SseTestClient again = accepted(SseTestClient.open(uri(hub, "match", topic),
                "Authorization", "Bearer " + token, LAST_EVENT_ID, lastSeen))) {
            assertThat(again.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(lastSeen);
            ReceivedEvent event = again.next(WAIT);
            assertThat(event.id()).isEqualTo(missed);
            assertThat(event.data()).isEqualTo("while away");
        }
    }

    @Test
    void anonymousAndDraft07StreamsEndToo() {
        String topic = uniqueTopic("lifetime-all");
        try (SseTestClient anonymous = Draft08Http.open(hub, "match", topic);
                SseTestClient draft07 = MercureHttp.subscribe(hub, topic)) {
            await().atMost(WAIT).until(() -> anonymous.ended() && draft07.ended());
        }
    }

    /** Streams live three seconds. */
    public static class ShortLifetime implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.max-connection-lifetime", "3s");
        }
    }
}
