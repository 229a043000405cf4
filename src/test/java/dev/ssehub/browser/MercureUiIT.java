package dev.ssehub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;

import dev.ssehub.browser.MercureUiPage.Answer;
import dev.ssehub.browser.MercureUiPage.Event;
import dev.ssehub.browser.MercureUiPage.Publication;
import dev.ssehub.browser.MercureUiPage.Subscription;
import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.AppProcess;
import dev.ssehub.support.FormPublisher;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

/**
 * The debugging UI in Chromium against the packaged jar, started with {@code hub.ui.enabled=true} (it is
 * off in production by default): subscribing and publishing from it, private updates and tokens, the
 * active subscriptions kept live, the figures from the metrics, and its layout at a phone's width.
 */
class MercureUiIT {

    private static final String HUB = "/.well-known/mercure";
    private static final String BOOKS = "https://example.com/books/{id}";
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "mercure-ui.png");

    private static AppProcess app;
    private static FormPublisher publisher;

    @RegisterExtension
    final BrowserExtension browsers = new BrowserExtension();

    @BeforeAll
    static void startApp() {
        app = AppProcess.start("MercureUiIT", "-Dhub.ui.enabled=true");
        publisher = new FormPublisher(app.baseUri().resolve(HUB), TestTokens.publisher("*"));
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void anEventPublishedFromTheUiShowsInItsSubscriptionWithIdTypeDataAndTheSelectorsThatDeliveredIt() throws IOException {
        String book = "https://example.com/books/" + unique();
        MercureUiPage ui = MercureUiPage.open(browsers.open(), app.baseUri());
        assertThat(ui.title()).isEqualTo("sse-hub: Mercure debugging UI");
        ui.subscribeAndAwaitConnected(List.of(BOOKS, book), null);

        Answer typed = ui.publish(new Publication(book, "{\"title\":\"Dune\",\"tags\":[\"sf\"]}", "book-v2-" + unique(),
                "book.updated", "5000", false, TestTokens.publisher("*")));
        assertThat(typed.state()).as("answer to the publication: " + typed).isEqualTo("ok");
        Event event = ui.awaitEvent(typed.value());
        assertThat(event.type()).isEqualTo("book.updated");
        assertThat(event.json()).as("data shown as JSON").isTrue();
        assertThat(event.data()).isEqualTo("{\n  \"title\": \"Dune\",\n  \"tags\": [\n    \"sf\"\n  ]\n}");
        // Both selectors match: two streams deliver it, the list shows it once, labelled with each.
        ui.awaitEvents(events -> events.stream().anyMatch(e -> e.id().equals(typed.value()) && e.via().contains(" · ")),
                "the update labelled with both selectors");
        assertThat(ui.events()).filteredOn(e -> e.id().equals(typed.value())).singleElement()
                .extracting(Event::via).asString().contains(BOOKS).contains(book);

        Answer plain = ui.publish(Publication.of(book, "not JSON: {", TestTokens.publisher("*")));
        assertThat(plain.value()).as("a generated id").startsWith("urn:uuid:");
        Event untyped = ui.awaitEvent(plain.value());
        assertThat(untyped.type()).isEqualTo("message");
        assertThat(untyped.data()).isEqualTo("not JSON: {");
        assertThat(untyped.json()).isFalse();

        ui.screenshot(SCREENSHOT, "received-title");
    }

    @Test
    void receivedMarkupStaysText() {
        String topic = "https://example.com/markup/" + unique();
        String image = "<img src=x onerror=alert(1)>";
        MercureUiPage ui = MercureUiPage.open(browsers.open(), app.baseUri());
        ui.listenFor("<b>bold</b>");
        ui.subscribeAndAwaitConnected(List.of(topic), null);

        String id = publisher.publish("topic", topic, "data", image, "type", "<b>bold</b>");
        Event event = ui.awaitEvent(id);
        // The image's load would fail at once; one more update gives it time to fire its onerror.
        ui.awaitEvent(publisher.publish("topic", topic, "data", "after"));

        assertThat(event.data()).isEqualTo(image);
        assertThat(event.type()).isEqualTo("<b>bold</b>");
        assertThat(ui.elements("#events img, #events b, #events script")).as("elements made of received text").isEmpty();
        assertThat(ui.alertOpen()).as("an alert opened by received markup").isFalse();
    }

    @Test
    void aPrivateUpdateReachesTheSubscriptionWithAToken() {
        String topic = "https://example.com/private/" + unique();
        MercureUiPage ui = MercureUiPage.open(browsers.open(), app.baseUri());

        ui.subscribeAndAwaitConnected(List.of(topic), null);
        Answer secret = ui.publish(new Publication(topic, "for subscribers with a token", null, null, null, true,
                TestTokens.publisher(topic)));
        assertThat(secret.state()).as("answer to the private publication: " + secret).isEqualTo("ok");
        Answer open = ui.publish(Publication.of(topic, "for everyone", TestTokens.publisher(topic)));
        ui.awaitEvent(open.value());
        assertThat(ui.events()).extracting(Event::id).as("events of an anonymous subscription")
                .doesNotContain(secret.value());

        ui.subscribeAndAwaitConnected(List.of(topic), TestTokens.subscriber(topic));
        Answer second = ui.publish(new Publication(topic, "{\"stock\":3}", null, "book.stock", null, true,
                TestTokens.publisher(topic)));
        Event received = ui.awaitEvent(second.value());
        assertThat(received.type()).isEqualTo("book.stock");
        assertThat(received.data()).isEqualTo("{\n  \"stock\": 3\n}");
    }

    @Test
    void aDraft08SubscriptionUsesItsMatchersLastEventIdAndAnAccessTokenInTheCookie() {
        String shelf = "https://example.com/shelves/" + unique() + "/";
        String pattern = shelf + ":book";
        String before = publisher.publish("topic", shelf + "1", "data", "before");
        String missed = publisher.publish("topic", shelf + "2", "data", "missed while away");
        MercureUiPage ui = MercureUiPage.open(browsers.open(), app.baseUri());

        // The hub refuses a draft-08 request with a token in its URL or a draft-07 lastEventID: the
        // subscription connecting at all says the UI sent last_event_id, and the token by cookie.
        String token = AccessTokens.subscriber(AccessTokens.subscribe(AccessTokens.urlPattern(pattern)));
        ui.subscribe("match_urlpattern", List.of(pattern), token, before);
        ui.awaitSubscribeStatus(status -> status.startsWith("connected"), "the draft-08 subscription to connect");
        assertThat(ui.awaitEvent(missed).data()).isEqualTo("missed while away");

        String secret = publisher.publish("topic", shelf + "3", "data", "for holders of a token", "private", "on");
        assertThat(ui.awaitEvent(secret).via()).isEqualTo(pattern);
        String elsewhere = publisher.publish("topic", "https://example.com/other/" + unique(), "data", "not matched");
        String after = publisher.publish("topic", shelf + "4", "data", "after");
        ui.awaitEvent(after);
        assertThat(ui.events()).extracting(Event::id).as("events of the draft-08 subscription")
                .doesNotContain(before, elsewhere).contains(missed, secret, after);
    }

    @Test
    void refusalsShowTheProblemsDetail() {
        String topic = "https://example.com/refused/" + unique();
        MercureUiPage ui = MercureUiPage.open(browsers.open(), app.baseUri());

        Answer anonymous = ui.publish(Publication.of(topic, "x", null));
        assertThat(anonymous.state()).isEqualTo("error");
        assertThat(anonymous.value()).startsWith("401").contains("needs a token");
        Answer elsewhere = ui.publish(Publication.of(topic, "x", TestTokens.publisher("https://example.com/other")));
        assertThat(elsewhere.value()).startsWith("403");

        ui.subscribe(List.of(topic), "not-a-token", null);
        assertThat(ui.awaitSubscribeStatus(status -> status.startsWith("refused: 401"), "the subscription's refusal"))
                .as("status of a subscription with a malformed token").contains("Unauthorized");
    }

    @Test
    void theActiveSubscriptionsShowASubscriptionOpenedElsewhereAndDropItWhenItCloses() {
        String topic = "https://example.com/watched/" + unique();
        MercureUiPage ui = MercureUiPage.open(browsers.open(), app.baseUri());
        ui.watchSubscriptions(TestTokens.subscriber("/.well-known/mercure/subscriptions{/topic}{/subscriber}"));
        ui.awaitSubscriptionsStatus(status -> status.startsWith("live"), "the table to go live");

        String token = TestTokens.hs256(TestTokens.SUBSCRIBER_KEY,
                Map.of("subscribe", List.of(topic), "payload", Map.of("user", "ada")), Instant.now().plusSeconds(600));
        SseTestClient elsewhere = SseTestClient.open(subscribeUri(topic), "Authorization", "Bearer " + token);
        try {
            assertThat(elsewhere.status()).isEqualTo(200);
            List<Subscription> rows = ui.awaitSubscriptions(shown -> shown.stream().anyMatch(s -> s.topic().equals(topic)),
                    "a row for the subscription opened elsewhere");
            Subscription row = rows.stream().filter(s -> s.topic().equals(topic)).findFirst().orElseThrow();
            assertThat(row.subscriber()).startsWith("urn:uuid:");
            assertThat(row.payload()).isEqualTo("{\"user\":\"ada\"}");
        } finally {
            elsewhere.close();
        }
        ui.awaitSubscriptions(shown -> shown.stream().noneMatch(s -> s.topic().equals(topic)),
                "the row to go once the subscription closed");
    }

    @Test
    void theFiguresFollowTheHubsMetrics() {
        MercureUiPage ui = MercureUiPage.open(browsers.open(), app.baseUri());
        double published = ui.awaitFigure("figure-updates-total", value -> true, "the number of updates published");
        double subscribers = ui.awaitFigure("figure-subscribers", value -> true, "the number of subscribers");

        String topic = "https://example.com/figures/" + unique();
        try (SseTestClient subscriber = SseTestClient.open(subscribeUri(topic))) {
            assertThat(subscriber.status()).isEqualTo(200);
            ui.awaitFigure("figure-subscribers", value -> value > subscribers, "more subscribers than " + subscribers);
            for (int i = 0; i < 3; i++) {
                publisher.publish("topic", topic, "data", "figure " + i);
            }
            ui.awaitFigure("figure-updates-total", value -> value >= published + 3, "3 more updates than " + published);
            ui.awaitFigure("figure-deliveries-total", value -> value >= 3, "the deliveries to the subscriber");
        }
        assertThat(ui.chartSamples("chart-subscribers")).as("samples drawn in the subscribers' chart").isGreaterThan(1);
        assertThat(ui.chartSamples("chart-updates")).as("samples drawn in the updates' chart").isGreaterThan(0);
    }

    @Test
    void atAPhonesWidthNothingSticksOutOfTheViewportOrOfItsCard() throws IOException {
        WebDriver driver = browsers.open();
        PhoneLayout.emulate(driver);
        MercureUiPage ui = MercureUiPage.open(driver, app.baseUri());
        ui.awaitFigure("figure-subscribers", value -> true, "the first reading of the figures");
        assertThat(ui.layoutProblems()).as("what sticks out at 390 px, as the UI opens").isEmpty();

        // Long words everywhere a value is shown: selectors, ids, topics, data, payloads.
        String topic = "https://example.com/a-rather-long-path-without-any-break/" + "x".repeat(80) + "/" + unique();
        ui.subscribeAndAwaitConnected(List.of(topic, BOOKS, "*", topic + "/{id}"), TestTokens.subscriber("*"));
        ui.watchSubscriptions(TestTokens.subscriber("/.well-known/mercure/subscriptions{/topic}{/subscriber}"));
        ui.awaitSubscriptionsStatus(status -> status.startsWith("live"), "the table to go live");
        Answer answer = ui.publish(new Publication(topic, "{\"key\":\"" + "y".repeat(200) + "\"}", "id-" + "z".repeat(100),
                "type." + "t".repeat(60), null, false, TestTokens.publisher("*")));
        ui.awaitEvent(answer.value());
        ui.awaitSubscriptions(rows -> rows.stream().anyMatch(s -> s.topic().equals(topic)), "the UI's own subscription");

        assertThat(ui.layoutProblems()).as("what sticks out at 390 px, with long values shown").isEmpty();
        ui.screenshot(Path.of("target", "screenshots", "mercure-ui-390.png"), "received-title");
    }

    private static URI subscribeUri(String topic) {
        return app.baseUri().resolve(HUB + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }
}
