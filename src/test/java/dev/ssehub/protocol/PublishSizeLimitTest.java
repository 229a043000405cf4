package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.publish;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Hub;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** hub.max-update-size counts UTF-8 bytes of data: up to it is delivered, one more byte is a 413. */
@QuarkusTest
@TestProfile(PublishSizeLimitTest.SmallUpdates.class)
class PublishSizeLimitTest {

    private static final String PUBLISHER = TestTokens.publisher("*");
    private static final int LIMIT = 64;

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Inject
    Hub core;

    private DispatchWatch watch;

    @BeforeEach
    void watch() {
        watch = DispatchWatch.start(hub, core);
    }

    @AfterEach
    void stopWatching() {
        watch.close();
    }

    @Test
    void dataOfExactlyTheLimitIsDelivered() {
        String topic = uniqueTopic("at-limit");
        // 1-, 2-, 3- and 4-byte characters: 16 + 2*8 + 3*8 + 4*2 = 64 bytes in 34 code points.
        String mixed = "a".repeat(16) + "é".repeat(8) + "世".repeat(8) + "😀".repeat(2);
        try (SseTestClient client = MercureHttp.subscribe(hub, topic)) {
            publishOk(hub, PUBLISHER, "topic", topic, "data", "x".repeat(LIMIT));
            publishOk(hub, PUBLISHER, "topic", topic, "data", mixed);

            assertThat(client.next(WAIT).data()).isEqualTo("x".repeat(LIMIT));
            assertThat(client.next(WAIT).data()).isEqualTo(mixed);
        }
    }

    @Test
    void oneByteOverTheLimitIsRefusedWith413() {
        String nonce = UUID.randomUUID().toString().substring(0, 8);

        String detail = detail(publish(hub, PUBLISHER, "topic", uniqueTopic("over"), "data",
                nonce + "x".repeat(LIMIT + 1 - nonce.length())), 413, "update-too-large");

        assertThat(detail).contains("data is " + (LIMIT + 1) + " bytes").contains("at most " + LIMIT + " bytes")
                .contains("hub.max-update-size");
        watch.assertNothingDispatched(nonce);
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        // 8 + 2*29 = 66 bytes in 37 chars; 8 + 4*15 = 68 bytes in 38 UTF-16 units.
        String twoByte = nonce + "é".repeat(29);
        String fourByte = nonce + "😀".repeat(15);

        assertThat(detail(publish(hub, PUBLISHER, "topic", uniqueTopic("accents"), "data", twoByte), 413,
                "update-too-large")).contains("data is 66 bytes");
        assertThat(detail(publish(hub, PUBLISHER, "topic", uniqueTopic("emoji"), "data", fourByte), 413,
                "update-too-large")).contains("data is 68 bytes");
        watch.assertNothingDispatched(nonce);
    }

    /** Updates of at most 64 bytes. */
    public static class SmallUpdates implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.max-update-size", String.valueOf(LIMIT));
        }
    }
}
