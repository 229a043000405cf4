package dev.ssehub.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The packaged application ({@code target/quarkus-app}, or the native executable when the build made
 * one with {@code -Dnative}) run as a child process on a free loopback port, so that tests see exactly
 * what a user of the jar sees, and can stop it as an orchestrator does. Its output goes to
 * {@code target/app-under-test/<name>.log}. Not thread-safe: one test class drives it.
 */
public final class AppProcess implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    // Written by Quarkus at package time: type=jar or type=native, and the artifact's path under target.
    private static final Path ARTIFACT = Path.of("target", "quarkus-artifact.properties");
    private static final Path LOG_DIR = Path.of("target", "app-under-test");
    // Generous: the machine has two cores and another build may run beside this one.
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final int port;
    private final Path log;
    private final List<String> extraArguments;
    private Process process;

    private AppProcess(int port, Path log, List<String> extraArguments) {
        this.port = port;
        this.log = log;
        this.extraArguments = List.copyOf(extraArguments);
        // A test JVM that dies without running @AfterAll must not leave the app holding the port.
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill, "stop-" + log.getFileName()));
    }

    /**
     * Every JVM argument the application is launched with, in one place. Keys the service needs to
     * start in prod mode (e.g. JWT keys) belong here.
     */
    public static List<String> jvmArguments(int port) {
        List<String> arguments = new ArrayList<>(List.of(
                "-Dquarkus.http.host=" + HOST,
                "-Dquarkus.http.port=" + port));
        // Production refuses to start without JWT keys; the page needs anonymous subscribers.
        arguments.addAll(TestTokens.jvmArguments());
        // Stopping drains streams over this window; tests stop the application often.
        arguments.add("-Dhub.drain.window=500ms");
        return arguments;
    }

    /**
     * Starts the jar on a free port and waits until it serves the page; {@code name} names the log,
     * {@code extraArguments} come after (and so override) {@link #jvmArguments}.
     */
    public static AppProcess start(String name, String... extraArguments) {
        Path log = LOG_DIR.resolve(name + ".log");
        try {
            // Restarts append to the log; a new run starts it afresh.
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + log, e);
        }
        AppProcess app = new AppProcess(freePort(), log, List.of(extraArguments));
        app.start();
        return app;
    }

    /** {@code http://127.0.0.1:<port>/}, the root the page redirects from. */
    public URI baseUri() {
        return URI.create("http://" + HOST + ":" + port + "/");
    }

    /** Starts the application again on the same port (after {@link #stop()}) and waits until it answers. */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Already running on port " + port);
        }
        List<String> command = new ArrayList<>();
        Path executable = nativeExecutable();
        if (executable != null) {
            // A native executable takes the same -D system properties as the JVM.
            command.add(executable.toString());
            command.addAll(jvmArguments(port));
            command.addAll(extraArguments);
        } else {
            if (!Files.isRegularFile(JAR)) {
                throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the browser tests with ./mvnw verify, "
                        + "which packages the application first");
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArguments(port));
            command.addAll(extraArguments);
            command.add("-jar");
            command.add(JAR.toString());
        }
        try {
            Files.createDirectories(LOG_DIR);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command, e);
        }
        awaitAnswering();
    }

    /** Stops the application (SIGTERM, then SIGKILL after a grace period) and waits until it has exited. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        if (process.isAlive()) {
            throw new IllegalStateException("The application on port " + port + " did not exit; see " + log);
        }
    }

    /** The running process, e.g. to signal it or wait for it; {@code null} before the first start. */
    public Process process() {
        return process;
    }

    /** Where the application's output goes. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        stop();
    }

    private void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private void awaitAnswering() {
        try {
            await("the packaged application on port " + port)
                    .atMost(START_DEADLINE)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the application exited early", () -> !process.isAlive())
                    .until(this::servesPage);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            kill();
            throw new IllegalStateException("The application did not start: " + e.getMessage() + "\n" + logTail(), e);
        }
    }

    private boolean servesPage() {
        return answersOk("/sse/index");
    }

    /** Whether {@code path} answers 200 within 2 s: false while the application is not up, or is refused. */
    public boolean answersOk(String path) {
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve(path)).timeout(Duration.ofSeconds(2)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "Last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** The native executable when the last package built one ({@code -Dnative}), else {@code null} for the jar. */
    private static Path nativeExecutable() {
        if (!Files.isRegularFile(ARTIFACT)) {
            return null;
        }
        Properties artifact = new Properties();
        try (Reader reader = Files.newBufferedReader(ARTIFACT)) {
            artifact.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ARTIFACT, e);
        }
        if (!"native".equals(artifact.getProperty("type"))) {
            return null;
        }
        return ARTIFACT.resolveSibling(artifact.getProperty("path")).toAbsolutePath();
    }

    /** A port nothing listens on now, on the loopback address. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on " + HOST, e);
        }
    }
}
