package dev.ssehub.browser;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code node src/test/node/subscribe.mjs}, the {@code eventsource} npm package subscribing to a hub,
 * run as a child process; it prints each event as a JSON line, which this reads back. Fails (never
 * skips) when {@code node} or the installed package is missing.
 */
final class NodeSubscriber implements AutoCloseable {

    /** How long the script and every wait here may take; generous for two busy cores. */
    static final Duration DEADLINE = Duration.ofSeconds(20);

    private static final Path PROJECT = Path.of("src", "test", "node");
    private static final Path SCRIPT = PROJECT.resolve("subscribe.mjs");
    private static final Path PACKAGE = PROJECT.resolve("node_modules").resolve("eventsource").resolve("package.json");
    private static final int MIN_NODE = 20;
    private static final String NPM_CI = "npm ci --prefix src/test/node --no-audit --no-fund";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line the script printed: the event's {@code lastEventId}, {@code type} and {@code data}. */
    record Printed(String id, String type, String data) {
    }

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();

    private NodeSubscriber(Process process) {
        this.process = process;
        collect(process.getInputStream(), stdout, "node-stdout");
        collect(process.getErrorStream(), stderr, "node-stderr");
    }

    /**
     * Starts the script on {@code hub} with {@code token} as its bearer token, to exit after
     * {@code count} events, listening to {@code message} and the given event {@code types}.
     */
    static NodeSubscriber launch(URI hub, String token, int count, String... types) {
        requireNode();
        List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString(),
                "--count", String.valueOf(count), "--timeout", String.valueOf(DEADLINE.toSeconds())));
        for (String type : types) {
            command.add("--event");
            command.add(type);
        }
        command.add(hub.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MERCURE_TOKEN", token);
        try {
            return new NodeSubscriber(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command, e);
        }
    }

    /** Waits until the script reports its connection open (the hub has registered the subscription then). */
    NodeSubscriber awaitConnected() {
        try {
            await("node's EventSource to connect").atMost(DEADLINE)
                    .failFast("node exited", () -> !process.isAlive())
                    .until(() -> stderr.stream().anyMatch(line -> line.startsWith("connected to ")));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new AssertionError(e.getMessage() + "; " + output(), e);
        }
        return this;
    }

    /** Waits until the script exits by itself and returns what it printed; fails unless it exited 0. */
    List<Printed> awaitPrinted() {
        int exit = awaitExit();
        if (exit != 0) {
            throw new AssertionError("node exited with " + exit + "; " + output());
        }
        List<Printed> printed = new ArrayList<>();
        for (String line : stdout) {
            try {
                printed.add(JSON.readValue(line, Printed.class));
            } catch (JsonProcessingException e) {
                throw new AssertionError("node printed a line that is not an event as JSON: " + line + "; " + output(), e);
            }
        }
        return printed;
    }

    /** Waits (up to the deadline and a margin) until the script exits by itself and returns its exit code. */
    int awaitExit() {
        try {
            if (!process.waitFor(DEADLINE.plusSeconds(10).toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("node did not exit within its own timeout; " + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for node", e);
        }
        // The readers finish once the pipes close, just after the exit.
        await("node's output to be read").atMost(DEADLINE).until(() -> !readersRunning());
        return process.exitValue();
    }

    /** What the script printed on stderr. */
    List<String> diagnostics() {
        return stderr;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private boolean readersRunning() {
        return readers.stream().anyMatch(Thread::isAlive);
    }

    private void collect(InputStream stream, List<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(" + name + " unreadable: " + e.getMessage() + ")");
            }
        }, name);
        reader.setDaemon(true);
        readers.add(reader);
        reader.start();
    }

    private String output() {
        return "stdout: " + stdout + ", stderr: " + stderr;
    }

    private static void requireNode() {
        String version;
        try {
            Process probe = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!probe.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS) || probe.exitValue() != 0) {
                throw new IllegalStateException("'node --version' failed: " + version);
            }
        } catch (IOException e) {
            throw new IllegalStateException("node is not on the PATH; the Node client test needs Node.js "
                    + MIN_NODE + " or newer with npm (Debian 12's own nodejs package is 18: too old)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while looking for node", e);
        }
        if (!version.matches("v\\d+\\..*") || Integer.parseInt(version.substring(1, version.indexOf('.'))) < MIN_NODE) {
            throw new IllegalStateException("node " + version + " is too old: the eventsource package needs Node.js "
                    + MIN_NODE + " or newer");
        }
        if (!Files.isRegularFile(PACKAGE)) {
            throw new IllegalStateException(PACKAGE + " is missing (node " + version + " found): ./mvnw verify runs '"
                    + NPM_CI + "' before the integration tests; run it by hand when starting this test from an IDE");
        }
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalStateException(SCRIPT.toAbsolutePath() + " is missing");
        }
    }
}
