package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.readJson;
import static dev.ssehub.protocol.MercureHttp.subscribeUri;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Reconnecting over HTTP: Last-Event-ID (header or query) and earliest replay history, then live updates. */
@QuarkusTest
class ReconnectionTest {

    private static final String PUBLISHER = TestTokens.publisher("*");
    private static final String LAST_EVENT_ID = "Last-Event-ID";

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void theLastEventIdHeaderReplaysWhatFollowedItThenLiveUpdates() {
        String topic = uniqueTopic("resume");
        List<String> ids = publish(topic, 3);
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, topic), LAST_EVENT_ID, ids.get(0))) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().firstValue(LAST_EVENT_ID)).hasValue(ids.get(0));

            String live = publishOk(hub, PUBLISHER, "topic", topic, "data", "live");
            String later = publishOk(hub, PUBLISHER, "topic", topic, "data", "later");

            assertThat(nextIds(client, 4)).containsExactly(ids.get(1), ids.get(2), live, later);
        }
    }

    @Test
    void replayAndLiveUpdatesMeetWithoutGapOrRepeatWhileAPublisherKeepsPublishing() throws Exception {
        String topic = uniqueTopic("seam");
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 200; i++) {
                ids.add(publishOk(hub, PUBLISHER, "topic", topic, "data", "update " + i));
            }
        });
        await().atMost(WAIT).until(() -> ids.size() >= 20);
        String resumeAfter = ids.get(19);

        // Connects while the publisher is still at work: the seam between history and live is under load.
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, topic), LAST_EVENT_ID, resumeAfter)) {
            publisher.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            String last = publishOk(hub, PUBLISHER, "topic", topic, "data", "last");

            List<String> expected = new ArrayList<>(ids.subList(20, 200));
            expected.add(last);
            assertThat(nextIds(client, expected.size())).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theLastEventIdQueryParameterWorksLikeTheHeader() {
        String topic = uniqueTopic("query");
        List<String> ids = publish(topic, 3);
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, List.of(topic), "lastEventID", ids.get(0)))) {
            assertThat(client.headers().firstValue(LAST_EVENT_ID)).hasValue(ids.get(0));
            assertThat(nextIds(client, 2)).containsExactly(ids.get(1), ids.get(2));
        }
    }

    @Test
    void theHeaderWinsOverTheQueryParameter() {
        String topic = uniqueTopic("header-wins");
        List<String> ids = publish(topic, 3);
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, List.of(topic), "lastEventID", ids.get(0)),
                LAST_EVENT_ID, ids.get(1))) {
            assertThat(client.headers().firstValue(LAST_EVENT_ID)).hasValue(ids.get(1));
            String live = publishOk(hub, PUBLISHER, "topic", topic, "data", "live");

            assertThat(nextIds(client, 2)).containsExactly(ids.get(2), live);
        }
    }

    @Test
    void earliestReplaysTheWholeRetainedHistoryOfTheTopic() {
        String topic = uniqueTopic("earliest");
        List<String> ids = publish(topic, 3);
        try (SseTestClient byHeader = SseTestClient.open(subscribeUri(hub, topic), LAST_EVENT_ID, "earliest");
                SseTestClient byQuery = SseTestClient.open(subscribeUri(hub, List.of(topic), "lastEventID", "earliest"))) {
            assertThat(byHeader.headers().firstValue(LAST_EVENT_ID)).hasValue("earliest");
            assertThat(byQuery.headers().firstValue(LAST_EVENT_ID)).hasValue("earliest");
            String live = publishOk(hub, PUBLISHER, "topic", topic, "data", "live");

            assertThat(nextIds(byHeader, 4)).containsExactly(ids.get(0), ids.get(1), ids.get(2), live);
            assertThat(nextIds(byQuery, 4)).containsExactly(ids.get(0), ids.get(1), ids.get(2), live);
        }
    }

    @Test
    void noLastEventIdHeaderIsSentWhenNoneWasRequested() {
        String topic = uniqueTopic("fresh");
        publish(topic, 1);
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, topic))) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().firstValue(LAST_EVENT_ID)).isEmpty();
            String live = publishOk(hub, PUBLISHER, "topic", topic, "data", "live");

            // Nothing from before the connection is replayed.
            assertThat(client.next(WAIT).id()).isEqualTo(live);
        }
    }

    @Test
    void anUnknownIdGetsAGapEventThenTheRetainedHistory() {
        String topic = uniqueTopic("gap");
        List<String> ids = publish(topic, 2);
        String unknown = "urn:uuid:" + UUID.randomUUID();
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, topic), LAST_EVENT_ID, unknown)) {
            assertThat(client.headers().firstValue(LAST_EVENT_ID)).hasValue("earliest");

            ReceivedEvent gap = client.next(WAIT);
            assertThat(gap.type()).isEqualTo("gap");
            // No id line: the parser still has the empty id it started with, and a browser keeps its own.
            assertThat(gap.id()).isEmpty();
            JsonNode data = readJson(gap.data());
            assertThat(data.path("requested").asText()).isEqualTo(unknown);
            // The oldest retained update this subscriber may see (not one of others' private updates):
            // the first one it is replayed.
            assertThat(data.path("oldestRetained").asText()).isEqualTo(ids.get(0));
            assertThat(nextIds(client, 2)).containsExactlyElementsOf(ids);
        }
    }

    private List<String> publish(String topic, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(publishOk(hub, PUBLISHER, "topic", topic, "data", "update " + i));
        }
        return ids;
    }

    private static List<String> nextIds(SseTestClient client, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.next(WAIT).id());
        }
        return ids;
    }
}
