package dev.ssehub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;

import dev.ssehub.browser.SsePage.History;
import dev.ssehub.browser.SsePage.Line;
import dev.ssehub.support.AppProcess;

/**
 * The page in Chromium against the packaged jar: it loads, connects, ticks every second on a clock of its own, keeps the
 * last 20 chat lines, and fits a phone's width.
 */
class LivePageIT {

    private static final Path SCREENSHOT = Path.of("target", "screenshots", "page.png");

    private static AppProcess app;

    @RegisterExtension
    final BrowserExtension browsers = new BrowserExtension();

    @BeforeAll
    static void startApp() {
        app = AppProcess.start("LivePageIT");
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void rootShowsThePageConnectedWithTheClockTickingEverySecond() throws IOException {
        SsePage page = SsePage.open(browsers.open(), app.baseUri());

        assertThat(page.url()).isEqualTo(app.baseUri().resolve("/sse/index").toString());
        assertThat(page.title()).isEqualTo("sse-hub: live events");
        page.awaitStatus(SsePage.CONNECTED);
        assertThat(page.statusClass()).contains("connected");

        page.recordTicks();
        List<Instant> ticks = page.awaitTicks(3);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i)))
                    .as("time between clock ticks %s and %s", ticks.get(i - 1), ticks.get(i))
                    .isBetween(Duration.ofMillis(500), Duration.ofMillis(2500));
        }
        assertThat(page.clock()).as("clock face").matches("\\d{2}:\\d{2}:\\d{2}")
                .isEqualTo(page.tick().toString().substring(11, 19));
        // The clock has a place of its own: three ticks later, the history holds chat lines only (none, unless
        // the window of an earlier test left the chat just now).
        History history = page.history();
        assertThat(history.lines()).extracting(Line::kind).as("kinds of the history's lines after three ticks")
                .isSubsetOf("message", "user_joined", "user_left");
        assertThat(history.count()).as("received count in the heading").isEqualTo(history.lines().size());

        page.screenshot(SCREENSHOT);
    }

    @Test
    void historyKeepsOnlyTheLastTwentyLines() {
        SsePage page = SsePage.open(browsers.open(), app.baseUri());
        page.awaitStatus(SsePage.CONNECTED);
        page.recordLongestHistory();

        // The join and 25 notes: 26 chat events.
        page.join("ada");
        for (int i = 1; i <= 25; i++) {
            page.type("note " + i);
            page.send();
        }
        History history = page.awaitHistory(
                shown -> shown.lines().stream().anyMatch(line -> line.text().equals("ada: note 25")), "the 25th note");

        assertThat(history.count()).as("received count in the heading").isGreaterThan(25);
        assertThat(history.lines()).hasSize(20);
        assertThat(history.lines()).extracting(Line::number)
                .as("numbers of the lines shown: the last 20 received")
                .containsExactly(LongStream.rangeClosed(history.count() - 19, history.count()).boxed().toArray(Long[]::new));
        assertThat(history.lines()).extracting(Line::text).doesNotContain("ada: note 1");
        assertThat(page.longestHistory()).as("longest the history list has been").isEqualTo(20);
    }

    @Test
    void atAPhonesWidthNothingSticksOutOfTheViewportOrOfItsCard() {
        WebDriver driver = browsers.open();
        PhoneLayout.emulate(driver);
        SsePage page = SsePage.open(driver, app.baseUri());
        page.awaitStatus(SsePage.CONNECTED);
        page.awaitTickAfter(null);
        assertThat(page.layoutProblems()).as("what sticks out at 390 px, before joining").isEmpty();

        page.join("ada-with-a-long-name-of-32-chars");
        page.type("a-message-without-spaces-" + "x".repeat(120));
        page.send();
        page.awaitLine(line -> line.kind().equals("message"), "the message");
        assertThat(page.layoutProblems()).as("what sticks out at 390 px, joined, with a long message").isEmpty();
    }
}
