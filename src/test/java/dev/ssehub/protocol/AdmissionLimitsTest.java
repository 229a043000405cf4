package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.get;
import static dev.ssehub.protocol.MercureHttp.problem;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.subscribe;
import static dev.ssehub.protocol.MercureHttp.subscribeUri;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscriptionRefusedException;
import dev.ssehub.hub.topic.TopicSelector;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The admission limits over HTTP, with small ones: what the client is told (429 with Retry-After
 * when waiting helps, 400 when it cannot), and the reported flood, which the hub refuses but for a
 * bounded share while a normal subscriber goes on receiving.
 */
@QuarkusTest
@TestProfile(AdmissionLimitsTest.SmallLimits.class)
class AdmissionLimitsTest {

    private static final int CONNECTIONS = 4;
    private static final String HEAVY = heavy();
    private static final int HEAVY_COST = TopicSelector.compile(HEAVY + "/c0s0").cost();

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Inject
    Hub core;

    /** Connections of the previous test may still be closing: the limits count them until they are gone. */
    @BeforeEach
    void noClientSubscriptionsOpen() {
        await().atMost(WAIT)
                .until(() -> core.subscribers().stream().noneMatch(subscriber -> subscriber.client() != null));
    }

    @Test
    void oneClientBeyondItsConnectionsIsToldToRetryLater() {
        List<SseTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                open.add(subscribe(hub, uniqueTopic("per-client")));
            }
            HttpResponse<String> refused = get(subscribeUri(hub, uniqueTopic("one-too-many")), "Accept",
                    "text/event-stream");

            assertThat(problem(refused, 429, "too-many-subscriptions").path("detail").asText())
                    .contains("hub.limits.connections-per-client");
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        } finally {
            open.forEach(SseTestClient::close);
        }
        // Closing frees the places: the next one is taken.
        await().atMost(WAIT).untilAsserted(() -> {
            try (SseTestClient again = SseTestClient.open(subscribeUri(hub, uniqueTopic("again")))) {
                assertThat(again.status()).isEqualTo(200);
            }
        });
    }

    /** The demo's stream counts too, and is refused before its head goes out (an EventSource would not retry a 429). */
    @Test
    void theDemoStreamIsCountedAndRefusedWithAProblem() {
        URI events = hub.resolve("/sse/events");
        List<SseTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                open.add(MercureHttp.accepted(SseTestClient.open(events)));
            }
            // The head of a demo stream may go out just before the hub counts it.
            await().atMost(WAIT).until(() -> core.subscribers().stream().filter(s -> s.client() != null).count() == CONNECTIONS);
            HttpResponse<String> refused = get(events, "Accept", "text/event-stream");

            assertThat(problem(refused, 429, "too-many-subscriptions").path("detail").asText())
                    .contains("hub.limits.connections-per-client");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        } finally {
            open.forEach(SseTestClient::close);
        }
    }

    @Test
    void aSelectorOverItsLimitIsRefusedForGood() {
        String tooCostly = HEAVY.replace("{+v0}", "{+v0*}").replace("{+v1}", "{?v1*}");
        assertThat(TopicSelector.compile(tooCostly).cost()).isGreaterThan(HEAVY_COST + 10);

        HttpResponse<String> refused = get(subscribeUri(hub, tooCostly), "Accept", "text/event-stream");

        assertThat(problem(refused, 400, "invalid-subscription").path("detail").asText())
                .contains("hub.limits.selector-cost");
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
    }

    /** The reported attack: connections of 30 distinct 64-variable templates each, from one address. */
    @Test
    void theReportedFloodIsRefusedButForItsShareAndOthersGoOnReceiving() {
        String topic = uniqueTopic("normal");
        long refusedBefore = refusals();
        List<SseTestClient> attackers = new ArrayList<>();
        try (SseTestClient normal = subscribe(hub, topic)) {
            int accepted = 0;
            for (int c = 0; c < 40; c++) {
                List<String> selectors = new ArrayList<>();
                for (int s = 0; s < 30; s++) {
                    selectors.add(HEAVY + "/c" + c + "s" + s);
                }
                SseTestClient attacker = SseTestClient.open(subscribeUri(hub, selectors));
                assertThat(attacker.status()).as("attacker %d", c).isIn(200, 400, 429);
                if (attacker.status() == 200) {
                    accepted++;
                    attackers.add(attacker);
                } else {
                    attacker.close();
                }
            }
            String id = publishOk(hub, TestTokens.publisher("*"), "topic", topic, "data", "still here");

            assertThat(normal.next(WAIT).id()).isEqualTo(id);
            assertThat(accepted).as("attack connections taken").isLessThan(CONNECTIONS);
            assertThat(refusals() - refusedBefore).isGreaterThanOrEqualTo(40 - accepted);
            assertThat(core.templateCost()).isLessThanOrEqualTo(SmallLimits.HUB_COST);
        } finally {
            attackers.forEach(SseTestClient::close);
        }
    }

    private long refusals() {
        long total = 0;
        for (SubscriptionRefusedException.Reason reason : SubscriptionRefusedException.Reason.values()) {
            total += core.refusedCount(reason);
        }
        return total;
    }

    private static String heavy() {
        StringBuilder template = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            template.append("{+v").append(i).append('}');
        }
        return template.toString();
    }

    /** Room for a few of the attack's templates, per subscription, per client and in all. */
    public static class SmallLimits implements QuarkusTestProfile {

        static final long HUB_COST = 40L * HEAVY_COST;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.limits.connections-per-client", String.valueOf(CONNECTIONS),
                    "hub.limits.selector-cost", String.valueOf(HEAVY_COST + 10),
                    "hub.limits.subscription-cost", String.valueOf(30L * HEAVY_COST),
                    "hub.limits.client-cost", String.valueOf(45L * HEAVY_COST),
                    "hub.limits.hub-cost", String.valueOf(HUB_COST));
        }
    }
}
