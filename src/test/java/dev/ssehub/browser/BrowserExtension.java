package dev.ssehub.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Opens browsers for one test and closes them after it. When the test fails, it first saves a
 * screenshot and a log (failure, URL, visible text, browser console) of each browser as
 * {@code target/browser-failures/<Class.method>[-label].png|.log}, and prints the log, so CI output
 * says what went wrong. Register it on an instance field with {@code @RegisterExtension}.
 */
final class BrowserExtension implements AfterTestExecutionCallback, AfterEachCallback {

    private static final Path FAILURES = Path.of("target", "browser-failures");

    private final Map<String, ChromiumBrowser> browsers = new LinkedHashMap<>();

    /** A new browser whose artifacts are named after the test alone. */
    WebDriver open() {
        return open("");
    }

    /** A new browser whose artifacts carry {@code label} after the test name (for tests with several). */
    WebDriver open(String label) {
        if (browsers.containsKey(label)) {
            throw new IllegalArgumentException("A browser labelled '" + label + "' is already open");
        }
        ChromiumBrowser browser = ChromiumBrowser.launch();
        browsers.put(label, browser);
        return browser.driver();
    }

    /** Quits the browser labelled {@code label} now, as a person closing it would; the others stay open. */
    void close(String label) {
        ChromiumBrowser browser = browsers.remove(label);
        if (browser == null) {
            throw new IllegalArgumentException("No browser labelled '" + label + "' is open");
        }
        browser.close();
    }

    // Runs before @AfterEach methods and before afterEach below, while the browsers still show the failure.
    @Override
    public void afterTestExecution(ExtensionContext context) {
        context.getExecutionException().ifPresent(failure -> {
            String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
            browsers.forEach((label, browser) -> save(label.isEmpty() ? test : test + "-" + label, browser.driver(), failure));
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RuntimeException first = null;
        for (ChromiumBrowser browser : browsers.values()) {
            try {
                browser.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        browsers.clear();
        if (first != null) {
            throw first;
        }
    }

    private static void save(String name, ChromeDriver driver, Throwable failure) {
        StringBuilder log = new StringBuilder();
        log.append("test: ").append(name).append('\n');
        // The stack trace is in the failsafe report; the message says which expectation broke.
        log.append("failure: ").append(failure).append('\n');
        try {
            // An open alert forbids screenshots and reading the page: note its text, then dismiss it.
            Alert alert = driver.switchTo().alert();
            log.append("alert open: ").append(alert.getText()).append(" (dismissed to take the screenshot)\n");
            alert.dismiss();
        } catch (NoAlertPresentException e) {
            // the usual case
        } catch (RuntimeException e) {
            log.append("alert check failed: ").append(e.getMessage()).append('\n');
        }
        try {
            Files.createDirectories(FAILURES);
            Path png = FAILURES.resolve(name + ".png");
            Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
            log.append("screenshot: ").append(png).append('\n');
        } catch (IOException | RuntimeException e) {
            // A crashed browser cannot take one; the rest of the log still helps.
            log.append("screenshot failed: ").append(e.getMessage()).append('\n');
        }
        try {
            log.append("url: ").append(driver.getCurrentUrl()).append('\n');
            log.append("--- visible text ---\n").append(driver.findElement(By.tagName("body")).getText()).append('\n');
        } catch (RuntimeException e) {
            log.append("page unreadable: ").append(e.getMessage()).append('\n');
        }
        log.append("--- browser console ---\n");
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                log.append(Instant.ofEpochMilli(entry.getTimestamp())).append(' ').append(entry.getLevel())
                        .append(' ').append(entry.getMessage()).append('\n');
            }
        } catch (RuntimeException e) {
            log.append("console log unavailable: ").append(e.getMessage()).append('\n');
        }
        Path file = FAILURES.resolve(name + ".log");
        try {
            Files.writeString(file, log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("Could not write " + file + ": " + e);
        }
        System.err.println("Browser state at failure, saved in " + FAILURES + ":\n" + log);
    }
}
