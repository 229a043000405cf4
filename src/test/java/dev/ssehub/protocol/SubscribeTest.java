package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.eventsUntil;
import static dev.ssehub.protocol.MercureHttp.get;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.subscribe;
import static dev.ssehub.protocol.MercureHttp.subscribeUri;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Subscribing over HTTP: what a subscription may ask for, the stream's headers, and which updates reach it in which form. */
@QuarkusTest
class SubscribeTest {

    private static final String PUBLISHER = TestTokens.publisher("*");

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void aSubscriptionWithoutTopicIsRefusedWithAProblem() {
        HttpResponse<String> response = get(hub, "Accept", "text/event-stream");

        assertThat(detail(response, 400, "invalid-subscription")).contains("topic is required");
        HttpResponse<String> onlyLastEventId = get(URI.create(hub + "?lastEventID=earliest"));
        assertThat(detail(onlyLastEventId, 400, "invalid-subscription")).contains("topic is required");
    }

    /** A selector is a non-empty string; before, {@code ?topic=} opened a stream that could match nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"?topic=", "?topic", "?topic=&topic=%2Fa", "?topic=%2Fa&topic="})
    void anEmptySelectorIsRefused(String query) {
        HttpResponse<String> response = get(URI.create(hub + query), "Accept", "text/event-stream");

        assertThat(detail(response, 400, "invalid-subscription")).contains("must not be empty");
    }

    /**
     * A last event id no update can have (a control character) is an unknown id: the stream opens
     * with {@code Last-Event-ID: earliest} and never echoes it. Before, such an id could be published,
     * and reconnecting with it made the header write throw: the request hung and the subscriber leaked.
     */
    @Test
    void aLastEventIdWithAControlCharacterIsUnknownAndNothingLeaks() {
        String topic = uniqueTopic("control-id");
        String id = "x\u000by";
        HttpResponse<String> published = MercureHttp.publish(hub, PUBLISHER, "topic", topic, "id", id, "data", "d");
        assertThat(detail(published, 400, "invalid-update")).contains("id must not contain control");
        double before = MercureHttp.subscriberGauge(hub);

        // The query parameter: HTTP parsers refuse a control character in a header before the hub sees it.
        URI resume = subscribeUri(hub, List.of(topic), "lastEventID", id);
        MercureHttp.RawResponse response = MercureHttp.rawGet(hub, resume.getRawPath() + "?" + resume.getRawQuery());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/event-stream");
        assertThat(response.header("Last-Event-ID")).isEqualTo("earliest");
        await().atMost(WAIT).untilAsserted(() -> assertThat(MercureHttp.subscriberGauge(hub)).isEqualTo(before));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/books/{id", "https://example.com/books/{}", "https://example.com/{@id}",
        "https://example.com/{a b}"})
    void aMalformedUriTemplateIsRefusedSayingWhy(String selector) {
        HttpResponse<String> response = get(subscribeUri(hub, "https://example.com/fine", selector));

        assertThat(detail(response, 400, "invalid-subscription")).contains(selector).contains("URI Template");
    }

    @Test
    void moreSelectorsThanMaxTopicsAreRefusedAndExactlyThatManyAccepted() {
        List<String> hundred = IntStream.range(0, 100).mapToObj(i -> "/m/" + i).toList();
        List<String> hundredAndOne = IntStream.range(0, 101).mapToObj(i -> "/m/" + i).toList();

        assertThat(detail(get(subscribeUri(hub, hundredAndOne)), 400, "invalid-subscription"))
                .contains("at most 100").contains("hub.max-topics").contains("101");
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, hundred))) {
            assertThat(client.status()).isEqualTo(200);
        }
    }

    @Test
    void maxTopicsSelectorsOfRealisticLengthFitInTheRequestLine() {
        // Real selectors are IRIs or templates of some length; percent-encoded, 100 of them make a
        // request line of tens of kilobytes, which the hub must read rather than refuse as too long.
        List<String> selectors = IntStream.range(0, 100)
                .mapToObj(i -> "https://bookstore.example.com/api/v2/libraries/central/books/" + i + "/reviews/{review}")
                .toList();
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, selectors))) {
            assertThat(client.status()).isEqualTo(200);
        }
    }

    @Test
    void aQueryStringThatIsNotUtf8IsRefusedRatherThanDecodedLossily() {
        for (String query : List.of("?topic=%FF%FE", "?topic=caf%E9", "?topic=/a&lastEventID=%E2%82")) {
            MercureHttp.RawResponse response = MercureHttp.rawGet(hub, hub.getRawPath() + query);

            assertThat(response.status()).as("%s: %s", query, response).isEqualTo(400);
            assertThat(response.header("Content-Type")).as("%s: %s", query, response)
                    .startsWith("application/problem+json");
            assertThat(MercureHttp.readJson(response.body()).path("detail").asText()).as(query)
                    .contains("not valid percent-encoded UTF-8");
        }
    }

    @Test
    void aMalformedPercentEscapeIsRefused() {
        // Refused by Vert.x before the hub's route runs (so with an empty body, not a problem).
        for (String query : List.of("?topic=%zz", "?topic=/a%", "?topic=/a&lastEventID=%4")) {
            assertThat(MercureHttp.rawGet(hub, hub.getRawPath() + query).status()).as(query).isEqualTo(400);
        }
    }

    @Test
    void theStreamCarriesTheHeadersProxiesAndBrowsersNeed() {
        try (SseTestClient client = subscribe(hub, uniqueTopic("headers"))) {
            assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(client.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(client.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        }
    }

    @Test
    void anUpdateReachesTheSubscribersOfItsTopicAndNoOthers() {
        String books = uniqueTopic("books");
        String authors = uniqueTopic("authors");
        try (SseTestClient ofBooks = subscribe(hub, books); SseTestClient ofAuthors = subscribe(hub, authors)) {
            publishOk(hub, PUBLISHER, "topic", books, "data", "book 1");
            publishOk(hub, PUBLISHER, "topic", authors, "data", "author 1");
            publishOk(hub, PUBLISHER, "topic", books, "data", "book 2");
            publishOk(hub, PUBLISHER, "topic", authors, "data", "author 2");

            // Each stream gets its own topic's updates in order; the other topic's never come between.
            assertThat(ofBooks.next(WAIT).data()).isEqualTo("book 1");
            assertThat(ofBooks.next(WAIT).data()).isEqualTo("book 2");
            assertThat(ofAuthors.next(WAIT).data()).isEqualTo("author 1");
            assertThat(ofAuthors.next(WAIT).data()).isEqualTo("author 2");
        }
    }

    @Test
    void theWildcardSelectorReceivesUpdatesOfAnyTopic() {
        String first = uniqueTopic("any");
        String second = uniqueTopic("other");
        try (SseTestClient all = subscribe(hub, "*")) {
            String firstId = publishOk(hub, PUBLISHER, "topic", first, "data", "to any " + first);
            publishOk(hub, PUBLISHER, "topic", second, "data", "to any " + second);

            // Other tests and the demo clock publish too: skip their updates, keep ours.
            List<ReceivedEvent> before = eventsUntil(all, "to any " + second);
            assertThat(before).filteredOn(event -> event.id().equals(firstId))
                    .extracting(ReceivedEvent::data).containsExactly("to any " + first);
        }
    }

    @Test
    void aUriTemplateSelectorReceivesTheTopicsItMatches() {
        String base = uniqueTopic("template");
        try (SseTestClient client = subscribe(hub, base + "/books/{id}")) {
            publishOk(hub, PUBLISHER, "topic", base + "/books/1", "data", "book 1");
            publishOk(hub, PUBLISHER, "topic", base + "/authors/1", "data", "author 1");
            publishOk(hub, PUBLISHER, "topic", base + "/books/1/reviews", "data", "review of book 1");
            publishOk(hub, PUBLISHER, "topic", base + "/books/2", "data", "book 2");

            assertThat(client.next(WAIT).data()).isEqualTo("book 1");
            assertThat(client.next(WAIT).data()).isEqualTo("book 2");
        }
    }

    @Test
    void anUpdateReachesSubscribersOfAnAlternateTopicOnceEach() {
        String canonical = uniqueTopic("canonical");
        String alternate = uniqueTopic("alternate");
        try (SseTestClient ofAlternate = subscribe(hub, alternate);
                SseTestClient ofBoth = subscribe(hub, canonical, alternate)) {
            String id = publishOk(hub, PUBLISHER, "topic", canonical, "topic", alternate, "data", "both topics");
            publishOk(hub, PUBLISHER, "topic", alternate, "data", "after");

            ReceivedEvent received = ofAlternate.next(WAIT);
            assertThat(received.id()).isEqualTo(id);
            assertThat(received.data()).isEqualTo("both topics");
            assertThat(ofBoth.next(WAIT).id()).isEqualTo(id);
            // Matched twice by one subscriber, delivered once: the next event is the one after it.
            assertThat(ofBoth.next(WAIT).data()).isEqualTo("after");
        }
    }

    @Test
    void everyEventCarriesTheIdOfItsUpdate() {
        String topic = uniqueTopic("ids");
        try (SseTestClient client = subscribe(hub, topic)) {
            String generated = publishOk(hub, PUBLISHER, "topic", topic, "data", "1");
            String given = publishOk(hub, PUBLISHER, "topic", topic, "data", "2", "id", "urn:example:given:" + topic);
            String generatedAgain = publishOk(hub, PUBLISHER, "topic", topic, "data", "3");

            // The parser keeps the last id it saw, so each event showing its own id means each had an id line.
            assertThat(List.of(client.next(WAIT).id(), client.next(WAIT).id(), client.next(WAIT).id()))
                    .containsExactly(generated, given, generatedAgain);
            assertThat(given).isEqualTo("urn:example:given:" + topic);
        }
    }

    @Test
    void typeAndRetryAreSentWhenPublished() {
        String topic = uniqueTopic("typed");
        try (SseTestClient client = subscribe(hub, topic)) {
            publishOk(hub, PUBLISHER, "topic", topic, "data", "{}", "type", "book.updated", "retry", "2500");

            ReceivedEvent event = client.next(WAIT);
            assertThat(event.type()).isEqualTo("book.updated");
            assertThat(event.retry()).isEqualTo(2500L);
        }
    }

    @Test
    void noEventOrRetryFieldIsSentWhenNoneWasPublished() {
        String topic = uniqueTopic("plain");
        try (SseTestClient client = subscribe(hub, topic)) {
            publishOk(hub, PUBLISHER, "topic", topic, "data", "plain");

            // A fresh connection: a retry seen here could only have come with this event.
            ReceivedEvent event = client.next(WAIT);
            assertThat(event.type()).isEqualTo("message");
            assertThat(event.retry()).isNull();
            assertThat(event.data()).isEqualTo("plain");
        }
    }

    @Test
    void multiLineDataArrivesAsSentAndCannotForgeFields() {
        String topic = uniqueTopic("lines");
        String data = "first line\nsecond line\n\n  indented\nid: forged\nevent: forged\nretry: 1\n: not a comment\n"
                + "data: literally\n";
        try (SseTestClient client = subscribe(hub, topic)) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", data);

            ReceivedEvent event = client.next(WAIT);
            assertThat(event.data()).isEqualTo(data);
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.type()).isEqualTo("message");
            assertThat(event.retry()).isNull();
        }
    }

    @Test
    void carriageReturnsInDataBecomeLineBreaksAndCannotForgeFields() {
        String topic = uniqueTopic("cr");
        try (SseTestClient client = subscribe(hub, topic)) {
            String id = publishOk(hub, PUBLISHER, "topic", topic, "data", "a\r\nb\rid: forged\revent: forged");

            ReceivedEvent event = client.next(WAIT);
            // An event stream has no other way to carry CR: each becomes one line break, never a field.
            assertThat(event.data()).isEqualTo("a\nb\nid: forged\nevent: forged");
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.type()).isEqualTo("message");
        }
    }

    @Test
    void unicodeDataAndTopicsArriveIntact() {
        String topic = uniqueTopic("café-世界");
        String data = "é ß 世界 😀 \u2028 \u0085 \uFEFF 🏳️‍🌈 \u00A0end";
        try (SseTestClient client = subscribe(hub, topic)) {
            publishOk(hub, PUBLISHER, "topic", topic, "data", data);

            assertThat(client.next(WAIT).data()).isEqualTo(data);
        }
    }

    @Test
    void emptyDataArrivesAsAnEventWithEmptyData() {
        String topic = uniqueTopic("empty");
        try (SseTestClient client = subscribe(hub, topic)) {
            String id = publishOk(hub, PUBLISHER, "topic", topic);

            ReceivedEvent event = client.next(WAIT);
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.data()).isEmpty();
        }
    }
}
