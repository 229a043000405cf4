package dev.ssehub.protocol;

import static dev.ssehub.protocol.Draft08Http.LAST_EVENT_ID;
import static dev.ssehub.protocol.Draft08Http.MERCURE_LAST_EVENT_ID;
import static dev.ssehub.protocol.Draft08Http.PUBLISHER;
import static dev.ssehub.protocol.Draft08Http.query;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.encode;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.readJson;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseRequestStream;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Subscribing with {@code QUERY /.well-known/mercure} and a form body: the same stream as a
 * {@code GET}, its parameters the union of the body's and the URL's.
 *
 * <p>Vert.x makes a new {@code HttpMethod} for each request with a method it does not know, so the
 * route compares names: an identity test once served every QUERY as a GET, its body unread.
 */
@QuarkusTest
class Draft08QueryTest {

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void aQueryWithMatchersInItsBodySubscribesAsAGetDoes() {
        String topic = uniqueTopic("query");
        try (SseRequestStream stream = query(hub, null, List.of("match", topic))) {
            assertThat(stream.status()).as(stream.errorBody()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "by query");

            ReceivedEvent event = stream.next(WAIT);
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.data()).isEqualTo("by query");
        }
    }

    @Test
    void theMatchersOfTheUrlAndOfTheBodyAddUp() {
        String base = uniqueTopic("union");
        try (SseRequestStream stream = query(hub, "match=" + encode(base + "/url"),
                List.of("match_urlpattern", base + "/body/:id"))) {
            assertThat(stream.status()).as(stream.errorBody()).isEqualTo(200);
            publishOk(hub, PUBLISHER, "topic", base + "/other", "data", "other");
            publishOk(hub, PUBLISHER, "topic", base + "/url", "data", "url");
            publishOk(hub, PUBLISHER, "topic", base + "/body/1", "data", "body");
            publishOk(hub, PUBLISHER, "topic", base + "/url", "data", "end");

            assertThat(dataUntil(stream, "end")).containsExactly("url", "body");
        }
    }

    @Test
    void aPrivateQuerySubscriptionTakesItsTokenFromTheHeader() {
        String topic = uniqueTopic("query-private");
        try (SseRequestStream stream = query(hub, null, List.of("match", topic),
                "Authorization", "Bearer " + AccessTokens.subscribeAnything())) {
            assertThat(stream.status()).as(stream.errorBody()).isEqualTo(200);
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "secret", "private", "on");

            assertThat(stream.next(WAIT).id()).isEqualTo(id);
        }
    }

    @Test
    void lastEventIdMayBeInTheBodyTheUrlsValueWinsAndTheHeaderWinsOverBoth() {
        String topic = uniqueTopic("query-cursor");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(publishOk(hub, PUBLISHER, "topic", topic, "data", "update " + i));
        }
        try (SseRequestStream body = query(hub, null, List.of("match", topic, "last_event_id", ids.get(0)));
                SseRequestStream urlWins = query(hub, "last_event_id=" + encode(ids.get(1)),
                        List.of("match", topic, "last_event_id", ids.get(0)));
                SseRequestStream headerWins = query(hub, "last_event_id=" + encode(ids.get(1)),
                        List.of("match", topic, "last_event_id", ids.get(0)), LAST_EVENT_ID, ids.get(2))) {
            assertThat(body.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(ids.get(0));
            assertThat(body.next(WAIT).id()).isEqualTo(ids.get(1));
            assertThat(urlWins.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(ids.get(1));
            assertThat(urlWins.next(WAIT).id()).isEqualTo(ids.get(2));
            assertThat(headerWins.headers().firstValue(MERCURE_LAST_EVENT_ID)).hasValue(ids.get(2));
            assertThat(headerWins.next(WAIT).id()).isEqualTo(ids.get(3));
        }
    }

    @Test
    void draftsMixedAcrossTheUrlAndTheBodyAreRefused() {
        String topic = uniqueTopic("query-mixed");
        try (SseRequestStream stream = query(hub, "topic=" + encode(topic), List.of("match", topic))) {
            assertThat(assertProblem(stream, 400, "invalid-subscription")).contains("mixes");
        }
    }

    @Test
    void aReservedMatchNameInTheBodyIsRefused() {
        try (SseRequestStream stream = query(hub, null, List.of("match", uniqueTopic("q"), "match_regex", ".*"))) {
            assertThat(assertProblem(stream, 400, "invalid-subscription")).contains("reserved");
        }
    }

    @Test
    void aBodyThatIsNotAFormIsRefused() {
        try (SseRequestStream stream = query(hub, null, List.of("match", uniqueTopic("q")),
                "Content-Type", "application/json")) {
            assertProblem(stream, 415, "unsupported-media-type");
        }
    }

    /** Asserts a problem with {@code status} and the type ending in {@code typeSlug}; returns its detail. */
    private static String assertProblem(SseRequestStream stream, int status, String typeSlug) {
        assertThat(stream.status()).as(stream.errorBody()).isEqualTo(status);
        JsonNode problem = readJson(stream.errorBody());
        assertThat(problem.path("type").asText()).isEqualTo("urn:sse-hub:problem:" + typeSlug);
        return problem.path("detail").asText();
    }

    private static List<String> dataUntil(SseRequestStream stream, String lastData) {
        List<String> before = new ArrayList<>();
        stream.awaitEvent(event -> {
            if (event.data().equals(lastData)) {
                return true;
            }
            before.add(event.data());
            return false;
        }, WAIT);
        return before;
    }
}
