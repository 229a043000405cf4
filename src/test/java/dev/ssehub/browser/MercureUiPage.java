package dev.ssehub.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The debugging UI at {@code /.well-known/mercure/ui/} as a person uses it: the subscribe form and the
 * events it received, the publish form and its answer, the active subscriptions and the live
 * figures. Fields are typed key by key. Every wait has {@link #DEADLINE}; nothing sleeps.
 */
final class MercureUiPage {

    /** How long any expected change may take; generous because the machine has two busy cores. */
    static final Duration DEADLINE = Duration.ofSeconds(20);

    static final String PATH = "/.well-known/mercure/ui/";

    private static final String READ_EVENTS = String.join("\n",
            "return Array.from(document.querySelectorAll('#events > li')).map(li => ({",
            "    type: li.querySelector('.event-type').textContent,",
            "    id: li.querySelector('.event-id').textContent,",
            "    via: li.querySelector('.event-topics').textContent,",
            "    data: li.querySelector('.event-data').textContent,",
            "    json: li.querySelector('.event-data').classList.contains('json')",
            "}));");

    private static final String READ_SUBSCRIPTIONS = String.join("\n",
            "return Array.from(document.querySelectorAll('#subscriptions-rows > tr')).map(tr => ({",
            "    topic: tr.querySelector('.subscription-topic').textContent,",
            "    subscriber: tr.querySelector('.subscription-subscriber').textContent,",
            "    payload: tr.querySelector('.subscription-payload').textContent",
            "}));");

    /** One received event as listed: its type, id, the selectors it came through, its data as shown. */
    record Event(String type, String id, String via, String data, boolean json) {
    }

    /** One row of the active subscriptions. */
    record Subscription(String topic, String subscriber, String payload) {
    }

    /** What to type into the publish form; {@code null} leaves a field empty. Topics one per line. */
    record Publication(String topics, String data, String id, String type, String retry, boolean isPrivate, String token) {

        /** A public update with a generated id and no type. */
        static Publication of(String topic, String data, String token) {
            return new Publication(topic, data, null, null, null, false, token);
        }
    }

    /** The answer shown under the publish form: {@code ok} or {@code error}, and the id or the problem. */
    record Answer(String state, String value) {
    }

    private final WebDriver driver;
    private final WebDriverWait wait;

    private MercureUiPage(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, DEADLINE);
    }

    /** Opens the UI of the app at {@code base} in {@code driver}. */
    static MercureUiPage open(WebDriver driver, URI base) {
        driver.get(base.resolve(PATH).toString());
        return new MercureUiPage(driver);
    }

    String title() {
        return driver.getTitle();
    }

    // ---- subscribe

    /**
     * Fills the subscribe form with {@code selectors} (one row each), {@code token} and
     * {@code lastEventId} ({@code null}: left empty), and presses Subscribe.
     */
    void subscribe(List<String> selectors, String token, String lastEventId) {
        subscribe("topic", selectors, token, lastEventId);
    }

    /**
     * Like {@link #subscribe(List, String, String)}, with every selector row set to the query
     * {@code parameter} ({@code topic}, {@code match}, {@code match_urlpattern}, …).
     */
    void subscribe(String parameter, List<String> selectors, String token, String lastEventId) {
        List<WebElement> rows = driver.findElements(By.cssSelector("#selectors .selector"));
        while (rows.size() < selectors.size()) {
            driver.findElement(By.id("add-selector")).click();
            rows = driver.findElements(By.cssSelector("#selectors .selector"));
        }
        for (int i = 0; i < rows.size(); i++) {
            new Select(rows.get(i).findElement(By.cssSelector(".selector-parameter"))).selectByValue(parameter);
            WebElement value = rows.get(i).findElement(By.cssSelector(".selector-value"));
            value.clear();
            if (i < selectors.size()) {
                value.sendKeys(selectors.get(i));
            }
        }
        fill("subscribe-token", token);
        fill("last-event-id", lastEventId);
        driver.findElement(By.id("subscribe-button")).click();
    }

    /** Types {@code types} (comma-separated) into the event types to listen for besides {@code message}. */
    void listenFor(String types) {
        fill("event-types", types);
    }

    /** Subscribes and waits until every stream of the subscription is open. */
    void subscribeAndAwaitConnected(List<String> selectors, String token) {
        subscribe(selectors, token, null);
        awaitSubscribeStatus(status -> status.startsWith("connected"), "the subscription to connect");
    }

    String subscribeStatus() {
        return driver.findElement(By.id("subscribe-status")).getText();
    }

    /** Waits until the subscription's status line satisfies {@code condition} and returns it. */
    String awaitSubscribeStatus(Predicate<String> condition, String what) {
        return wait.withMessage(() -> what + "; the status reads '" + subscribeStatus() + "'")
                .until(d -> condition.test(subscribeStatus()) ? subscribeStatus() : null);
    }

    /** The events listed, newest first. */
    @SuppressWarnings("unchecked")
    List<Event> events() {
        List<Map<String, Object>> read = (List<Map<String, Object>>) script().executeScript(READ_EVENTS);
        return read.stream().map(e -> new Event((String) e.get("type"), (String) e.get("id"), (String) e.get("via"),
                (String) e.get("data"), (Boolean) e.get("json"))).toList();
    }

    /** Waits until the events listed satisfy {@code condition} and returns them. */
    List<Event> awaitEvents(Predicate<List<Event>> condition, String what) {
        Object[] last = new Object[1];
        return wait.withMessage(() -> what + "; the UI lists " + last[0])
                .until(d -> {
                    List<Event> events = events();
                    last[0] = events;
                    return condition.test(events) ? events : null;
                });
    }

    /** Waits for an event with {@code id} and returns it. */
    Event awaitEvent(String id) {
        return awaitEvents(events -> events.stream().anyMatch(e -> e.id().equals(id)), "the event " + id).stream()
                .filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    // ---- publish

    /** Fills the publish form with {@code publication}, presses Publish and returns the answer shown. */
    Answer publish(Publication publication) {
        fill("publish-topics", publication.topics());
        fill("publish-data", publication.data());
        fill("publish-id", publication.id());
        fill("publish-type", publication.type());
        fill("publish-retry", publication.retry());
        WebElement isPrivate = driver.findElement(By.id("publish-private"));
        if (isPrivate.isSelected() != publication.isPrivate()) {
            isPrivate.click();
        }
        fill("publish-token", publication.token());
        WebElement result = driver.findElement(By.id("publish-result"));
        script().executeScript("arguments[0].className = 'result'; arguments[0].textContent = '';", result);
        driver.findElement(By.id("publish-button")).click();
        return wait.withMessage(() -> "an answer to the publication; the UI shows '" + result.getText() + "'")
                .until(d -> {
                    String state = result.getDomAttribute("class");
                    if (state.contains(" ok") || state.contains(" error")) {
                        return new Answer(state.contains(" ok") ? "ok" : "error",
                                result.findElement(By.className("result-value")).getText());
                    }
                    return null;
                });
    }

    // ---- active subscriptions

    /** Types {@code token} and presses Watch. */
    void watchSubscriptions(String token) {
        fill("subscriptions-token", token);
        driver.findElement(By.id("subscriptions-button")).click();
    }

    String subscriptionsStatus() {
        return driver.findElement(By.id("subscriptions-status")).getText();
    }

    /** Waits until the subscriptions' status line satisfies {@code condition} and returns it. */
    String awaitSubscriptionsStatus(Predicate<String> condition, String what) {
        return wait.withMessage(() -> what + "; the status reads '" + subscriptionsStatus() + "'")
                .until(d -> condition.test(subscriptionsStatus()) ? subscriptionsStatus() : null);
    }

    /** The rows of the active subscriptions table. */
    @SuppressWarnings("unchecked")
    List<Subscription> subscriptions() {
        List<Map<String, Object>> read = (List<Map<String, Object>>) script().executeScript(READ_SUBSCRIPTIONS);
        return read.stream().map(s -> new Subscription((String) s.get("topic"), (String) s.get("subscriber"),
                (String) s.get("payload"))).toList();
    }

    /** Waits until the table satisfies {@code condition} and returns its rows. */
    List<Subscription> awaitSubscriptions(Predicate<List<Subscription>> condition, String what) {
        Object[] last = new Object[1];
        return wait.withMessage(() -> what + "; the table shows " + last[0] + ", status '" + subscriptionsStatus() + "'")
                .until(d -> {
                    List<Subscription> rows = subscriptions();
                    last[0] = rows;
                    return condition.test(rows) ? rows : null;
                });
    }

    // ---- figures

    /** The text of figure {@code id}, e.g. {@code figure-updates-total}. */
    String figure(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Waits until figure {@code id} shows a number satisfying {@code condition} and returns it. */
    double awaitFigure(String id, Predicate<Double> condition, String what) {
        return wait.withMessage(() -> what + "; " + id + " shows '" + figure(id) + "', status '"
                        + driver.findElement(By.id("figures-status")).getText() + "'")
                .until(d -> {
                    String shown = figure(id);
                    if (!shown.matches("\\d+(\\.\\d+)?")) {
                        return null;
                    }
                    double value = Double.parseDouble(shown);
                    return condition.test(value) ? value : null;
                });
    }

    /** How many samples the chart {@code id} has drawn. */
    int chartSamples(String id) {
        String samples = driver.findElement(By.id(id)).getDomAttribute("data-samples");
        return samples == null ? 0 : Integer.parseInt(samples);
    }

    // ---- the page as a whole

    /** Elements of the given CSS selector anywhere in the page, e.g. markup received data smuggled in. */
    List<WebElement> elements(String selector) {
        return driver.findElements(By.cssSelector(selector));
    }

    /** Whether a script opened an alert dialog. */
    boolean alertOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    /**
     * What sticks out of the page at a phone's width ({@link PhoneLayout}): cards, fieldsets and figure
     * tiles hold controls.
     */
    List<String> layoutProblems() {
        return PhoneLayout.problems(driver, ".card, fieldset, .figure");
    }

    /** Saves what the browser shows as a PNG, scrolled so that the element {@code id} starts at the top. */
    void screenshot(Path file, String id) throws IOException {
        script().executeScript("document.getElementById(arguments[0]).scrollIntoView();", id);
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private void fill(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        if (text != null && !text.isEmpty()) {
            field.sendKeys(text);
        }
    }

    private JavascriptExecutor script() {
        return (JavascriptExecutor) driver;
    }
}
