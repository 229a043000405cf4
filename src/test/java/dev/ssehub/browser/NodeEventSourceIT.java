package dev.ssehub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ssehub.browser.NodeSubscriber.Printed;
import dev.ssehub.support.AppProcess;
import dev.ssehub.support.FormPublisher;
import dev.ssehub.support.TestTokens;

/**
 * Node's {@code eventsource} npm package (the EventSource most Node services use) on the hub of the
 * packaged jar, with its bearer token sent through the package's {@code fetch} hook: it receives
 * what a publisher posts with a JWT, private updates included, and stops on a refused token.
 * Lives beside the browser tests to share their launcher of the jar.
 */
class NodeEventSourceIT {

    private static final String HUB = "/.well-known/mercure";
    private static final String BOOK = "https://example.com/books/1";
    private static final String MULTI_LINE = "Première ligne\n\nzweite Zeile — 🎉\n最後の行";

    private static AppProcess app;
    private static FormPublisher publisher;

    @BeforeAll
    static void startApp() {
        app = AppProcess.start("NodeEventSourceIT");
        publisher = new FormPublisher(app.baseUri().resolve(HUB), TestTokens.publisher("*"));
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void theEventsourcePackageReceivesPublicAndPrivateUpdatesPublishedWithAJwt() {
        try (NodeSubscriber node = NodeSubscriber.launch(subscribeUri(BOOK), TestTokens.subscriber(BOOK), 3, "book.updated")) {
            node.awaitConnected();
            String plainId = publisher.publish("topic", BOOK, "data", "{\"title\":\"Dune\"}");
            publisher.publish("topic", BOOK, "data", MULTI_LINE, "id", "book-1-v2", "type", "book.updated");
            String privateId = publisher.publish("topic", BOOK, "data", "for subscribers with a token", "private", "on");

            assertThat(node.awaitPrinted()).containsExactly(
                    new Printed(plainId, "message", "{\"title\":\"Dune\"}"),
                    new Printed("book-1-v2", "book.updated", MULTI_LINE),
                    new Printed(privateId, "message", "for subscribers with a token"));
        }
    }

    @Test
    void theEventsourcePackageStopsWhenTheHubRefusesItsToken() {
        String signedWithAnotherKey = TestTokens.hs256("another-key-that-is-long-enough-for-hs256",
                Map.of("subscribe", List.of("*")), null);
        try (NodeSubscriber node = NodeSubscriber.launch(subscribeUri(BOOK), signedWithAnotherKey, 1)) {
            assertThat(node.awaitExit()).as("exit code of a refused subscription").isEqualTo(1);
            assertThat(node.diagnostics()).anyMatch(line -> line.contains("refused") && line.contains("401"));
        }
    }

    private static URI subscribeUri(String topic) {
        return app.baseUri().resolve(HUB + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }
}
