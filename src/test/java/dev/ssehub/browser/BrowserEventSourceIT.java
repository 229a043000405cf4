package dev.ssehub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;

import dev.ssehub.browser.ScriptedEventSource.Received;
import dev.ssehub.support.AppProcess;
import dev.ssehub.support.FormPublisher;
import dev.ssehub.support.TestTokens;

/**
 * A browser's own {@code EventSource} on the hub of the packaged jar, fed by a server-side
 * publisher that posts a form with a JWT as curl would: what the browser dispatches is exactly what
 * was published, and private updates reach it when the {@code mercureAuthorization} cookie carries a
 * subscriber token.
 */
class BrowserEventSourceIT {

    private static final String HUB = "/.well-known/mercure";
    private static final String BOOK = "https://example.com/books/1";
    // Several lines, one empty; accents, an emoji outside the BMP, CJK: all must arrive unchanged.
    private static final String MULTI_LINE = "Première ligne\n\nzweite Zeile — 🎉\n最後の行";

    private static AppProcess app;
    private static FormPublisher publisher;

    @RegisterExtension
    final BrowserExtension browsers = new BrowserExtension();

    @BeforeAll
    static void startApp() {
        app = AppProcess.start("BrowserEventSourceIT");
        publisher = new FormPublisher(app.baseUri().resolve(HUB), TestTokens.publisher("*"));
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void aBrowserEventSourceReceivesUpdatesPublishedWithAJwt() {
        ScriptedEventSource source = ScriptedEventSource.open(sameOriginPage(browsers.open()), BOOK, "message", "book.updated");

        String plainId = publisher.publish("topic", BOOK, "data", "{\"title\":\"Dune\"}");
        publisher.publish("topic", BOOK, "data", MULTI_LINE, "id", "book-1-v2", "type", "book.updated");
        // Anonymous: the private update must not come, and the public one after it shows it did not.
        publisher.publish("topic", BOOK, "data", "for subscribers with a token", "private", "on");
        String lastId = publisher.publish("topic", BOOK, "data", "last");

        List<Received> received = source.awaitReceived(events -> events.stream().anyMatch(event -> event.id().equals(lastId)),
                "the last public update (" + lastId + ")");
        assertThat(received).containsExactly(
                new Received(plainId, "message", "{\"title\":\"Dune\"}"),
                new Received("book-1-v2", "book.updated", MULTI_LINE),
                new Received(lastId, "message", "last"));
    }

    @Test
    void aPrivateUpdateReachesTheBrowserWhoseCookieCarriesASubscriberToken() {
        WebDriver driver = sameOriginPage(browsers.open());
        driver.manage().addCookie(new Cookie("mercureAuthorization", TestTokens.subscriber(BOOK), HUB));
        ScriptedEventSource source = ScriptedEventSource.open(driver, BOOK, "message", "book.secret");

        publisher.publish("topic", BOOK, "data", MULTI_LINE, "id", "book-1-secret", "type", "book.secret", "private", "on");

        assertThat(source.awaitReceived(events -> !events.isEmpty(), "the private update"))
                .containsExactly(new Received("book-1-secret", "book.secret", MULTI_LINE));
    }

    // Any page of the app's origin will do: the script's EventSource then needs no CORS.
    private static WebDriver sameOriginPage(WebDriver driver) {
        URI page = app.baseUri().resolve("/sse/index");
        driver.get(page.toString());
        return driver;
    }
}
