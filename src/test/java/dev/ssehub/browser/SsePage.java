package dev.ssehub.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page as a person sees it: the status line, the clock, the join and message boxes and
 * the chat history. Every wait has {@link #DEADLINE}; nothing sleeps.
 */
final class SsePage {

    /** How long any expected change may take; generous because the machine has two busy cores. */
    static final Duration DEADLINE = Duration.ofSeconds(20);

    static final String CONNECTED = "connected";
    static final String RECONNECTING = "connection error, reconnecting…";

    // One script reads the heading's count and every line, so they describe the same moment.
    private static final String READ_HISTORY = String.join("\n",
            "const lines = Array.from(document.querySelectorAll('#history > li')).map(li => ({",
            "    number: li.value,",
            "    kind: li.querySelector('.kind') ? li.querySelector('.kind').textContent : '',",
            "    text: Array.from(li.childNodes).filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.data).join(''),",
            "    shown: li.innerText",
            "}));",
            "return {count: document.getElementById('count').textContent, lines: lines};");

    // Mutation records arrive once per task, after the page has appended and trimmed: this sees what is painted.
    private static final String RECORD_LONGEST_HISTORY = String.join("\n",
            "const history = document.getElementById('history');",
            "window.longestHistory = history.children.length;",
            "new MutationObserver(() => {",
            "    window.longestHistory = Math.max(window.longestHistory, history.children.length);",
            "}).observe(history, {childList: true});");

    // Every instant the clock shows, in order, as the page paints them: polling could miss some.
    private static final String RECORD_TICKS = String.join("\n",
            "const clock = document.getElementById('clock');",
            "window.ticksShown = clock.dateTime ? [clock.dateTime] : [];",
            "new MutationObserver(() => {",
            "    if (clock.dateTime && clock.dateTime !== window.ticksShown[window.ticksShown.length - 1]) {",
            "        window.ticksShown.push(clock.dateTime);",
            "    }",
            "}).observe(clock, {attributes: true, attributeFilter: ['datetime']});");

    /** The history as shown: the "received" count of the heading and the lines of the list, oldest first. */
    record History(long count, List<Line> lines) {
    }

    /**
     * One history line: the number the list shows, its label, the text after the label taken from
     * text nodes only, and the line as rendered ({@code innerText}, so CSS white-space applies).
     */
    record Line(long number, String kind, String text, String shown) {
    }

    private final WebDriver driver;
    private final WebDriverWait wait;

    private SsePage(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, DEADLINE);
    }

    /** Opens {@code url} (the root, which redirects to the page) in {@code driver}. */
    static SsePage open(WebDriver driver, URI url) {
        driver.get(url.toString());
        return new SsePage(driver);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String title() {
        return driver.getTitle();
    }

    String statusClass() {
        return driver.findElement(By.id("status")).getDomAttribute("class");
    }

    String clock() {
        return driver.findElement(By.id("clock")).getText();
    }

    /** The server instant of the latest tick, which the clock shows; {@code null} before the first. */
    Instant tick() {
        String shown = driver.findElement(By.id("clock")).getDomAttribute("datetime");
        return shown == null || shown.isEmpty() ? null : Instant.parse(shown);
    }

    /** Waits until the clock shows a tick later than {@code instant} ({@code null}: any tick) and returns it. */
    Instant awaitTickAfter(Instant instant) {
        return wait.withMessage(() -> "the clock to show a tick after " + instant + ", it shows " + tick())
                .until(d -> {
                    Instant shown = tick();
                    return shown != null && (instant == null || shown.isAfter(instant)) ? shown : null;
                });
    }

    /** From now on, remembers every tick the clock shows; read them with {@link #awaitTicks}. */
    void recordTicks() {
        ((JavascriptExecutor) driver).executeScript(RECORD_TICKS);
    }

    /** Waits until the clock has shown {@code count} ticks since {@link #recordTicks} and returns them all, oldest first. */
    @SuppressWarnings("unchecked")
    List<Instant> awaitTicks(int count) {
        List<String> shown = wait.withMessage(() -> count + " ticks on the clock")
                .until(d -> {
                    List<String> ticks = (List<String>) ((JavascriptExecutor) driver).executeScript("return window.ticksShown;");
                    return ticks.size() >= count ? ticks : null;
                });
        return shown.stream().map(Instant::parse).toList();
    }

    /** Waits until the status line reads exactly {@code text}. */
    void awaitStatus(String text) {
        WebElement status = driver.findElement(By.id("status"));
        wait.withMessage(() -> "status line to read exactly '" + text + "', it reads '" + status.getText() + "'")
                .until(d -> status.getText().equals(text));
    }

    /** Waits until the header shows how many subscribers are connected, and returns that number. */
    int awaitSubscribers() {
        WebElement count = driver.findElement(By.id("subscribers"));
        return wait.withMessage(() -> "the subscriber count to show a number, it shows '" + count.getText() + "'")
                .until(d -> {
                    String shown = count.getText();
                    return shown.matches("\\d+") ? Integer.valueOf(shown) : null;
                });
    }

    /** Waits until the header shows {@code expected} subscribers. */
    void awaitSubscribers(int expected) {
        WebElement count = driver.findElement(By.id("subscribers"));
        wait.withMessage(() -> "the subscriber count to read " + expected + ", it reads '" + count.getText() + "'")
                .until(d -> count.getText().equals(String.valueOf(expected)));
    }

    /** The history now. */
    @SuppressWarnings("unchecked")
    History history() {
        Map<String, Object> read = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(READ_HISTORY);
        List<Line> lines = ((List<Map<String, Object>>) read.get("lines")).stream()
                .map(line -> new Line(((Number) line.get("number")).longValue(), (String) line.get("kind"),
                        (String) line.get("text"), (String) line.get("shown")))
                .toList();
        return new History(Long.parseLong((String) read.get("count")), lines);
    }

    /** Waits until the history satisfies {@code condition} and returns it; {@code what} names it for the failure. */
    History awaitHistory(Predicate<History> condition, String what) {
        History[] last = new History[1];
        return wait.withMessage(() -> what + "; the history showed " + (last[0] == null ? "nothing" : last[0].lines()))
                .until(d -> {
                    last[0] = history();
                    return condition.test(last[0]) ? last[0] : null;
                });
    }

    /** Waits for a line matching {@code condition} and returns the newest such line. */
    Line awaitLine(Predicate<Line> condition, String what) {
        List<Line> lines = awaitHistory(history -> history.lines().stream().anyMatch(condition), what).lines();
        return lines.stream().filter(condition).reduce((first, second) -> second).orElseThrow();
    }

    /** From now on, remembers the longest the history list has ever been; read it with {@link #longestHistory()}. */
    void recordLongestHistory() {
        ((JavascriptExecutor) driver).executeScript(RECORD_LONGEST_HISTORY);
    }

    long longestHistory() {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return window.longestHistory;")).longValue();
    }

    /** Types {@code name}, presses Join and waits until the message box opens. */
    void join(String name) {
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.id("join")).click();
        wait.withMessage(() -> "the message box to open after joining as " + name + "; error shown: '" + error() + "'")
                .until(ExpectedConditions.elementToBeClickable(By.id("text")));
    }

    /** Types into the message box as a person would, key by key. */
    void type(CharSequence... keys) {
        driver.findElement(By.id("text")).sendKeys(keys);
    }

    /** What the message box holds. */
    String draft() {
        return driver.findElement(By.id("text")).getDomProperty("value");
    }

    /**
     * Presses Enter in the message box and waits until the page empties it, which it does at once,
     * queueing the message behind any still on its way.
     */
    void send() {
        WebElement box = driver.findElement(By.id("text"));
        box.sendKeys(Keys.ENTER);
        wait.withMessage(() -> "the message box to empty after Enter; it holds '" + box.getDomProperty("value")
                        + "', error shown: '" + error() + "'")
                .until(d -> box.getDomProperty("value").isEmpty());
    }

    /** The text of an open alert dialog, if a script opened one. */
    Optional<String> openAlert() {
        try {
            return Optional.of(driver.switchTo().alert().getText());
        } catch (NoAlertPresentException e) {
            return Optional.empty();
        }
    }

    /** Elements of the given CSS selector inside the history list, e.g. markup a message smuggled in. */
    List<WebElement> historyElements(String selector) {
        return driver.findElement(By.id("history")).findElements(By.cssSelector(selector));
    }

    /** What sticks out of the page at a phone's width ({@link PhoneLayout}): its cards are the sections. */
    List<String> layoutProblems() {
        return PhoneLayout.problems(driver, "section");
    }

    /** Saves what the browser shows as a PNG. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private String error() {
        return driver.findElement(By.id("chat-error")).getText();
    }
}
