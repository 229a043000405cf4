package dev.ssehub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ssehub.browser.SsePage.History;
import dev.ssehub.browser.SsePage.Line;
import dev.ssehub.support.AppProcess;

/**
 * The chat's history and the clock kept apart, in Chromium against the packaged jar: ticks once filled the
 * 20 lines of the history and pushed the chat out of it within 20 seconds. The clock ticks every 100 ms
 * here, so that more ticks than the history has lines pass within a few seconds.
 */
class ChatHistoryPageIT {

    private static final int HISTORY_LINES = 20;

    private static AppProcess app;

    @RegisterExtension
    final BrowserExtension browsers = new BrowserExtension();

    @BeforeAll
    static void startApp() {
        app = AppProcess.start("ChatHistoryPageIT", "-Dhub.demo.tick=100ms");
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void ticksNeitherEnterTheHistoryNorPushTheChatOutOfIt() {
        SsePage page = SsePage.open(browsers.open(), app.baseUri());
        page.awaitStatus(SsePage.CONNECTED);
        page.join("ada");
        page.type("still here?");
        page.send();
        page.awaitLine(line -> line.text().equals("ada: still here?"), "the message");
        History before = page.history();

        page.recordTicks();
        List<Instant> ticks = page.awaitTicks(HISTORY_LINES + 10);

        History after = page.history();
        assertThat(after.lines()).as("the history after %d more ticks than it has lines", ticks.size() - HISTORY_LINES)
                .isEqualTo(before.lines());
        assertThat(after.lines()).extracting(Line::text).containsExactly("ada joined", "ada: still here?");
        assertThat(after.count()).as("received count in the heading: chat events only").isEqualTo(2);
        assertThat(page.tick()).as("the clock shows the latest tick").isAfterOrEqualTo(ticks.get(ticks.size() - 1));
    }
}
