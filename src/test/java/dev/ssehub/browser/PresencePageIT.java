package dev.ssehub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ssehub.support.AppProcess;

/** The subscriber count in the page's header, in Chromium against the packaged jar: it follows windows opening and closing. */
class PresencePageIT {

    private static AppProcess app;

    @RegisterExtension
    final BrowserExtension browsers = new BrowserExtension();

    @BeforeAll
    static void startApp() {
        app = AppProcess.start("PresencePageIT");
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void theSubscriberCountShownOnThePageChangesWhenASecondWindowOpensAndCloses() {
        SsePage first = SsePage.open(browsers.open("first"), app.baseUri());
        first.awaitStatus(SsePage.CONNECTED);
        int alone = first.awaitSubscribers();
        // This app serves this test alone: the window counts itself and nothing else.
        assertThat(alone).as("subscribers shown while one window is open").isEqualTo(1);

        SsePage second = SsePage.open(browsers.open("second"), app.baseUri());
        second.awaitStatus(SsePage.CONNECTED);
        first.awaitSubscribers(alone + 1);
        assertThat(second.awaitSubscribers()).as("subscribers shown in the second window").isEqualTo(alone + 1);

        browsers.close("second");
        first.awaitSubscribers(alone);
    }
}
