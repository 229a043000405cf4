package dev.ssehub.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser's own {@code EventSource}, opened by a script on the page the driver shows, on the
 * hub of that page's origin; every event it dispatches is recorded in {@code window}, where the
 * test reads it back. One per page. Every wait has {@link #DEADLINE}.
 */
final class ScriptedEventSource {

    static final Duration DEADLINE = Duration.ofSeconds(20);

    // A relative URL: the request goes to the page's origin, with the cookies a page's own request carries.
    private static final String OPEN = String.join("\n",
            "const [topic, types] = arguments;",
            "const received = window.hubReceived = [];",
            "window.hubErrors = 0;",
            "const source = window.hubSource = new EventSource('/.well-known/mercure?topic=' + encodeURIComponent(topic));",
            "source.addEventListener('error', () => { window.hubErrors += 1; });",
            "for (const type of types) {",
            "    source.addEventListener(type, event => received.push({id: event.lastEventId, type: event.type, data: event.data}));",
            "}");

    private static final String STATE = "return {readyState: window.hubSource.readyState, errors: window.hubErrors, "
            + "received: window.hubReceived};";

    /** An event as the page's listener saw it: {@code lastEventId}, {@code type} and {@code data}. */
    record Received(String id, String type, String data) {
    }

    /** What the page's script has seen: the source's {@code readyState}, its error events and the events received. */
    private record State(long readyState, long errors, List<Received> received) {
    }

    private final JavascriptExecutor script;
    private final WebDriverWait wait;

    private ScriptedEventSource(WebDriver driver) {
        this.script = (JavascriptExecutor) driver;
        this.wait = new WebDriverWait(driver, DEADLINE);
    }

    /**
     * Opens {@code new EventSource('/.well-known/mercure?topic=…')} for {@code topic} in the page
     * and waits until it is open; it records the events of {@code types} ({@code "message"} is
     * the type of updates published without one).
     */
    static ScriptedEventSource open(WebDriver driver, String topic, String... types) {
        ScriptedEventSource source = new ScriptedEventSource(driver);
        source.script.executeScript(OPEN, topic, List.of(types));
        State[] last = new State[1];
        source.wait.withMessage(() -> "the page's EventSource on " + topic + " to open; its state: " + last[0])
                .until(d -> {
                    last[0] = source.state();
                    return last[0].readyState() == 1;
                });
        return source;
    }

    /** Waits until the events received satisfy {@code condition} and returns them, oldest first. */
    List<Received> awaitReceived(Predicate<List<Received>> condition, String what) {
        State[] last = new State[1];
        return wait.withMessage(() -> what + "; the page's EventSource has " + last[0])
                .until(d -> {
                    last[0] = state();
                    return condition.test(last[0].received()) ? last[0].received() : null;
                });
    }

    @SuppressWarnings("unchecked")
    private State state() {
        Map<String, Object> read = (Map<String, Object>) script.executeScript(STATE);
        List<Received> received = ((List<Map<String, Object>>) read.get("received")).stream()
                .map(event -> new Received((String) event.get("id"), (String) event.get("type"), (String) event.get("data")))
                .toList();
        return new State(((Number) read.get("readyState")).longValue(), ((Number) read.get("errors")).longValue(), received);
    }
}
