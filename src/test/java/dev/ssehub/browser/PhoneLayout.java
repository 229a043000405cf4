package dev.ssehub.browser;

import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A page as a phone shows it, 390×844 CSS pixels (an iPhone 12 to 15), and what sticks out of it:
 * elements past the viewport's edges, and controls past the card or box that holds them. Both are
 * measured on the rendered boxes ({@code getBoundingClientRect}), so they see what a person sees.
 */
final class PhoneLayout {

    static final int WIDTH = 390;
    static final int HEIGHT = 844;

    // Every rendered element against the viewport; every control against its nearest box. Hidden
    // elements (display: none, [hidden]) have no box and are skipped.
    private static final String PROBLEMS = String.join("\n",
            "const [viewportWidth, boxes] = arguments;",
            "const width = Math.min(viewportWidth, document.documentElement.clientWidth);",
            "const problems = [];",
            "const classes = (el) => typeof el.className === 'string' && el.className.trim()",
            "    ? '.' + el.className.trim().split(/\\s+/).join('.') : '';",
            "const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes(el);",
            "const rendered = (r) => r.width > 0 || r.height > 0;",
            "if (document.documentElement.scrollWidth > width + 1) {",
            "    problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide in a '",
            "        + width + ' px viewport');",
            "}",
            "for (const el of document.body.querySelectorAll('*')) {",
            "    const r = el.getBoundingClientRect();",
            "    if (rendered(r) && (r.left < -0.5 || r.right > width + 0.5)) {",
            "        problems.push(name(el) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right)",
            "            + ' px, past the ' + width + ' px viewport');",
            "    }",
            "}",
            "for (const el of document.body.querySelectorAll('input, select, textarea, button, canvas')) {",
            "    const r = el.getBoundingClientRect();",
            "    const box = el.closest(boxes);",
            "    if (!rendered(r) || box === null) {",
            "        continue;",
            "    }",
            "    const b = box.getBoundingClientRect();",
            "    const left = b.left + box.clientLeft;",
            "    const right = left + box.clientWidth;",
            "    if (r.left < left - 0.5 || r.right > right + 0.5) {",
            "        problems.push(name(el) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right)",
            "            + ' px, past ' + name(box) + ' that holds it (' + Math.round(left) + '..' + Math.round(right)",
            "            + ' px inside its border)');",
            "    }",
            "}",
            "return problems;");

    private PhoneLayout() {
    }

    /** From now on, {@code driver} lays pages out as a phone would, reloads included. */
    static void emulate(WebDriver driver) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", true));
    }

    /**
     * What sticks out of the page {@code driver} shows now, one sentence each (empty when nothing
     * does); {@code boxes} is the CSS selector of the cards and boxes that hold controls.
     */
    @SuppressWarnings("unchecked")
    static List<String> problems(WebDriver driver, String boxes) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(PROBLEMS, WIDTH, boxes);
    }
}
