package dev.ssehub.protocol;

import static dev.ssehub.protocol.Draft08Http.LAST_EVENT_ID;
import static dev.ssehub.protocol.Draft08Http.MERCURE_LAST_EVENT_ID;
import static dev.ssehub.protocol.Draft08Http.PUBLISHER;
import static dev.ssehub.protocol.Draft08Http.uri;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.accepted;
import static dev.ssehub.protocol.MercureHttp.eventsUntil;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.subscribeUri;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Draft-08 reconciliation over HTTP: the {@code last_event_id} parameter, the
 * {@code Mercure-Last-Event-ID} response field, ids used twice, and authorization re-evaluated on
 * replay; and what draft-07 requests still get.
 */
@QuarkusTest
class Draft08ReconciliationTest {

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void lastEventIdReplaysWhatFollowedThatIdThenLiveUpdates() {
        String topic = uniqueTopic("last-event-id");
        List<String> ids = publish(topic, 3);
        try (SseTestClient client = accepted(SseTestClient.open(uri(hub, "match", topic, "last_event_id", ids.get(0))))) {
            assertThat(client.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(ids.get(0));
            // Draft-08 answers with its own field only: Last-Event-ID is a request header.
            assertThat(client.headers().firstValue(LAST_EVENT_ID)).isEmpty();
            String live = publishOk(hub, PUBLISHER, "topic", topic, "data", "live");

            assertThat(nextIds(client, 3)).containsExactly(ids.get(1), ids.get(2), live);
        }
    }

    @Test
    void theLastEventIdHeaderWinsOverTheParameter() {
        String topic = uniqueTopic("header-wins");
        List<String> ids = publish(topic, 3);
        try (SseTestClient client = accepted(SseTestClient.open(uri(hub, "match", topic, "last_event_id", ids.get(0)),
                LAST_EVENT_ID, ids.get(1)))) {
            assertThat(client.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(ids.get(1));

            assertThat(client.next(WAIT).id()).isEqualTo(ids.get(2));
        }
    }

    @Test
    void anUnknownIdAndEarliestAreAnsweredWithEarliest() {
        String topic = uniqueTopic("earliest");
        List<String> ids = publish(topic, 2);
        try (SseTestClient unknown = accepted(SseTestClient.open(uri(hub, "match", topic,
                "last_event_id", "urn:uuid:" + UUID.randomUUID())));
                SseTestClient earliest = accepted(SseTestClient.open(uri(hub, "match", topic, "last_event_id", "earliest")))) {
            assertThat(unknown.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue("earliest");
            assertThat(earliest.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue("earliest");

            assertThat(earliest.next(WAIT).id()).isEqualTo(ids.get(0));
            assertThat(earliest.next(WAIT).id()).isEqualTo(ids.get(1));
        }
    }

    @Test
    void noMercureLastEventIdIsSentWhenNoneWasRequested() {
        String topic = uniqueTopic("fresh");
        publish(topic, 1);
        try (SseTestClient client = Draft08Http.open(hub, "match", topic)) {
            assertThat(client.headers().firstValue(MERCURE_LAST_EVENT_ID)).isEmpty();
            assertThat(client.headers().firstValue(LAST_EVENT_ID)).isEmpty();
        }
    }

    @Test
    void aDraft07RequestGetsBothResponseFields() {
        String topic = uniqueTopic("draft07");
        List<String> ids = publish(topic, 2);
        try (SseTestClient byParameter = accepted(SseTestClient.open(subscribeUri(hub, List.of(topic),
                "lastEventID", ids.get(0))));
                SseTestClient byHeader = accepted(SseTestClient.open(subscribeUri(hub, topic), LAST_EVENT_ID, ids.get(0)))) {
            assertThat(byParameter.headers().firstValue(LAST_EVENT_ID)).hasValue(ids.get(0));
            assertThat(byParameter.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(ids.get(0));
            assertThat(byHeader.headers().firstValue(LAST_EVENT_ID)).hasValue(ids.get(0));
            assertThat(byHeader.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(ids.get(0));

            assertThat(byParameter.next(WAIT).id()).isEqualTo(ids.get(1));
        }
    }

    @Test
    void anIdUsedTwiceResolvesToItsEarliestUpdate() {
        String topic = uniqueTopic("duplicate");
        String reused = "urn:example:reused:" + UUID.randomUUID();
        publishOk(hub, PUBLISHER, "topic", topic, "id", reused, "data", "first copy");
        publishOk(hub, PUBLISHER, "topic", topic, "data", "between");
        publishOk(hub, PUBLISHER, "topic", topic, "id", reused, "data", "second copy");
        publishOk(hub, PUBLISHER, "topic", topic, "data", "after");

        try (SseTestClient client = accepted(SseTestClient.open(uri(hub, "match", topic), LAST_EVENT_ID, reused))) {
            assertThat(client.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(reused);
            publishOk(hub, PUBLISHER, "topic", topic, "data", "marker");

            // Draft-08, Reconciliation: a reused id "MUST resolve to the earliest such update", and what
            // follows includes "any later update carrying the same, reused ID".
            assertThat(eventsUntil(client, "marker")).extracting(ReceivedEvent::data)
                    .containsExactly("between", "second copy", "after");
        }
    }

    @Test
    void replayedPrivateUpdatesReachOnlySubscribersTheCurrentTokenAuthorizes() {
        String topic = uniqueTopic("replay-private");
        String before = publishOk(hub, PUBLISHER, "topic", topic, "data", "before");
        String secret = publishOk(hub, PUBLISHER, "topic", topic, "data", "secret", "private", "on");
        publishOk(hub, PUBLISHER, "topic", topic, "data", "public");
        String granted = AccessTokens.subscriber(AccessTokens.subscribe(AccessTokens.exact(topic)));
        String other = AccessTokens.subscriber(AccessTokens.subscribe(AccessTokens.exact(topic + "/other")));
        try (SseTestClient authorized = accepted(SseTestClient.open(uri(hub, "match", topic, "last_event_id", before),
                "Authorization", "Bearer " + granted));
                SseTestClient unauthorized = accepted(SseTestClient.open(uri(hub, "match", topic, "last_event_id", before),
                        "Authorization", "Bearer " + other));
                SseTestClient anonymous = accepted(SseTestClient.open(uri(hub, "match", topic, "last_event_id", before)))) {
            assertThat(authorized.next(WAIT).id()).isEqualTo(secret);
            assertThat(eventsUntil(unauthorized, "public")).isEmpty();
            assertThat(eventsUntil(anonymous, "public")).isEmpty();
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
