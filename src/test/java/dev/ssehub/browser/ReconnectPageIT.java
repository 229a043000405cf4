package dev.ssehub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ssehub.browser.SsePage.Line;
import dev.ssehub.support.AppProcess;

/** The page in Chromium while the packaged jar stops and starts again on the same port: it reconnects by itself. */
class ReconnectPageIT {

    private static AppProcess app;

    @RegisterExtension
    final BrowserExtension browsers = new BrowserExtension();

    @BeforeAll
    static void startApp() {
        app = AppProcess.start("ReconnectPageIT");
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void showsTheErrorThenReconnectsWhenTheServerComesBack() {
        SsePage page = SsePage.open(browsers.open(), app.baseUri());
        page.awaitStatus(SsePage.CONNECTED);
        page.join("ada");
        page.type("before the restart");
        page.send();
        page.awaitLine(line -> line.text().equals("ada: before the restart"), "the message before the restart");
        Instant before = page.awaitTickAfter(null);

        app.stop();
        page.awaitStatus(SsePage.RECONNECTING);
        assertThat(page.statusClass()).contains("error");

        Instant restarted = Instant.now();
        app.start();
        page.awaitStatus(SsePage.CONNECTED);
        Instant after = page.awaitTickAfter(restarted);

        assertThat(after).as("tick from the restarted server").isAfter(before);
        assertThat(page.statusClass()).contains("connected");
        assertThat(page.history().lines()).extracting(Line::text).as("the chat history kept across the reconnection")
                .contains("ada: before the restart");
    }
}
