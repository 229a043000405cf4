package dev.ssehub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

import dev.ssehub.browser.SsePage.Line;
import dev.ssehub.support.AppProcess;

/** The chat in Chromium against the packaged jar: messages reach other windows exactly, and markup stays text. */
class ChatPageIT {

    private static AppProcess app;

    @RegisterExtension
    final BrowserExtension browsers = new BrowserExtension();

    @BeforeAll
    static void startApp() {
        app = AppProcess.start("ChatPageIT");
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void anotherWindowSeesTheJoinAndTheMessageExactly() {
        SsePage watcher = SsePage.open(browsers.open("watcher"), app.baseUri());
        watcher.awaitStatus(SsePage.CONNECTED);
        SsePage ada = SsePage.open(browsers.open("ada"), app.baseUri());
        ada.awaitStatus(SsePage.CONNECTED);

        ada.join("ada");
        ada.type("héllo", Keys.chord(Keys.SHIFT, Keys.ENTER), "wörld 🎉");
        assertThat(ada.draft()).as("message box after Shift+Enter: a new line, nothing sent").isEqualTo("héllo\nwörld 🎉");
        ada.send();

        Line message = watcher.awaitLine(line -> line.kind().equals("message"), "the message in the other window");
        assertThat(message.text()).as("text node of the message line").isEqualTo("ada: héllo\nwörld 🎉");
        assertThat(message.shown()).as("message line as rendered").endsWith("ada: héllo\nwörld 🎉");
        List<Line> lines = watcher.history().lines();
        assertThat(lines).filteredOn(line -> line.kind().equals("user_joined"))
                .extracting(Line::text)
                .containsExactly("ada joined");
        assertThat(lines.stream().filter(line -> line.kind().equals("user_joined")).findFirst().orElseThrow().number())
                .as("the join comes before the message")
                .isLessThan(message.number());
    }

    @Test
    void markupInMessagesShowsAsText() {
        String image = "<img src=x onerror=alert(1)>";
        String script = "<script>alert(2)</script>";
        SsePage page = SsePage.open(browsers.open(), app.baseUri());
        page.awaitStatus(SsePage.CONNECTED);
        page.join("mallory");

        for (String markup : List.of(image, script)) {
            page.type(markup);
            page.send();
            page.awaitLine(line -> line.text().equals("mallory: " + markup), "the line of " + markup);
            // An injected image fires onerror only once its load failed: let a clock tick pass before looking.
            page.awaitTickAfter(page.awaitTickAfter(null));
            assertThat(page.openAlert()).as("alert dialog opened by the page after " + markup).isEmpty();
        }

        assertThat(page.historyElements("img, script")).as("elements created from message text").isEmpty();
        assertThat(page.history().lines()).filteredOn(line -> line.kind().equals("message"))
                .extracting(Line::text)
                .containsExactly("mallory: " + image, "mallory: " + script);
    }
}
