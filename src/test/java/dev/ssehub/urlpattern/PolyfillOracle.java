package dev.ssehub.urlpattern;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code node src/test/node/urlpattern-oracle.mjs}: urlpattern-polyfill's verdicts on many cases
 * from one node process. Fails (never skips) when {@code node} or the installed package is missing.
 */
final class PolyfillOracle {

    /**
     * What the polyfill said of one case: the constructor's error (null if none) and {@code test()}
     * per input ({@code true}, {@code false} or {@code "throws"}), or that it was still running after
     * {@link #TIMEOUT_MILLIS} (backtracking) and was stopped; and how Node's URL parser reads each
     * input against the base (the eight components without delimiters, or null where it fails).
     */
    record Verdict(String error, List<Object> results, List<List<String>> urls, Boolean timeout) {

        boolean timedOut() {
            return Boolean.TRUE.equals(timeout);
        }
    }

    /** How long one case may run in the polyfill before it counts as backtracking without end. */
    static final long TIMEOUT_MILLIS = 2000;

    private static final Path PROJECT = Path.of("src", "test", "node");
    private static final Path SCRIPT = PROJECT.resolve("urlpattern-oracle.mjs");
    private static final Path PACKAGE = PROJECT.resolve("node_modules").resolve("urlpattern-polyfill").resolve("package.json");
    private static final String NPM_CI = "npm ci --prefix src/test/node --no-audit --no-fund";
    private static final long DEADLINE_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolyfillOracle() {
    }

    /** The polyfill's verdicts on {@code cases}, in order. */
    static List<Verdict> judge(List<PatternCase> cases) throws IOException, InterruptedException {
        requireInstalled();
        List<Map<String, Object>> input = new ArrayList<>();
        for (PatternCase c : cases) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("pattern", c.pattern());
            json.put("baseURL", c.baseURL());
            json.put("inputs", c.inputs());
            input.add(json);
        }
        Path file = Files.createTempFile("urlpattern-cases", ".json");
        Path output = Files.createTempFile("urlpattern-verdicts", ".json");
        Path errors = Files.createTempFile("urlpattern-oracle", ".log");
        try {
            JSON.writeValue(file.toFile(), input);
            Process node = new ProcessBuilder("node", SCRIPT.toString(), file.toString(), "--timeout", Long.toString(TIMEOUT_MILLIS))
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!node.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new AssertionError("node " + SCRIPT + " did not finish within " + DEADLINE_SECONDS + " s");
            }
            if (node.exitValue() != 0) {
                throw new AssertionError("node " + SCRIPT + " exited with " + node.exitValue() + ": "
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            List<Verdict> verdicts = JSON.readValue(output.toFile(), new TypeReference<List<Verdict>>() {
            });
            if (verdicts.size() != cases.size()) {
                throw new AssertionError("node answered " + verdicts.size() + " cases of " + cases.size());
            }
            return verdicts;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    private static void requireInstalled() {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalStateException(SCRIPT.toAbsolutePath() + " is missing");
        }
        if (!Files.isRegularFile(PACKAGE)) {
            throw new IllegalStateException(PACKAGE + " is missing: ./mvnw verify runs '" + NPM_CI
                    + "' before the integration tests; run it by hand when starting this test from an IDE");
        }
        try {
            Process probe = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!probe.waitFor(20, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                throw new IllegalStateException("'node --version' failed: " + version);
            }
        } catch (IOException e) {
            throw new IllegalStateException("node is not on the PATH; the URL pattern differential test needs Node.js 20 or newer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while looking for node", e);
        }
    }
}
