package dev.ssehub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ssehub.browser.SsePage.History;
import dev.ssehub.browser.SsePage.Line;
import dev.ssehub.support.AppProcess;

/** The page in Chromium against the packaged jar: it loads, connects, ticks every second and keeps the last 20 lines. */
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

        History history = page.awaitHistory(shown -> ticks(shown).size() >= 3, "three clock lines");
        List<Line> ticks = ticks(history);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1).instant(), ticks.get(i).instant()))
                    .as("time between clock lines %s and %s", ticks.get(i - 1), ticks.get(i))
                    .isBetween(Duration.ofMillis(500), Duration.ofMillis(2500));
        }
        long first = history.lines().get(0).number();
        assertThat(history.lines()).extracting(Line::number)
                .as("line numbers, one per event received")
                .containsExactly(LongStream.rangeClosed(first, first + history.lines().size() - 1).boxed().toArray(Long[]::new));
        assertThat(history.count()).as("received count in the heading").isEqualTo(history.lines().get(history.lines().size() - 1).number());
        assertThat(page.awaitHistory(later -> later.count() > history.count(), "the received count to keep going").count())
                .isGreaterThan(history.count());
        assertThat(page.clock()).as("clock face").matches(".*\\d{1,2}:\\d{2}:\\d{2}.*");

        page.screenshot(SCREENSHOT);
    }

    @Test
    void historyKeepsOnlyTheLastTwentyLines() {
        SsePage page = SsePage.open(browsers.open(), app.baseUri());
        page.awaitStatus(SsePage.CONNECTED);
        page.recordLongestHistory();

        // Typed messages give 25+ events in a few seconds; ticks alone would take 25.
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

    private static List<Line> ticks(History history) {
        return history.lines().stream().filter(Line::isTick).toList();
    }
}
