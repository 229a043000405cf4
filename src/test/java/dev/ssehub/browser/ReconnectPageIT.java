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
        Line before = page.awaitLine(Line::isTick, "a clock line before the restart");

        app.stop();
        page.awaitStatus(SsePage.RECONNECTING);
        assertThat(page.statusClass()).contains("error");

        Instant restarted = Instant.now();
        app.start();
        page.awaitStatus(SsePage.CONNECTED);
        Line after = page.awaitLine(line -> line.isTick() && line.instant().isAfter(restarted), "a clock line from the restarted server");

        assertThat(after.number()).as("line number after the restart").isGreaterThan(before.number());
        assertThat(page.statusClass()).contains("connected");
    }
}
