package dev.ssehub.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package, which {@code .ci/run} installs) run as a child
 * process on a free loopback port, without persistence, for the Redis transport's tests; it can be
 * stopped and started again on the same port to play an outage. Its output goes to
 * {@code target/redis/<port>.log}. Not thread-safe: one test class drives it.
 */
public final class RedisServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_DEADLINE = Duration.ofSeconds(20);

    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
        this.log = Path.of("target", "redis", port + ".log");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (process != null) {
                process.destroyForcibly();
            }
        }, "stop-redis-" + port));
    }

    /** Starts a server on a free port and waits until it answers {@code PING}. */
    public static RedisServer start() {
        RedisServer server = onFreePort();
        server.launch();
        return server;
    }

    /** A server on a free port, not started yet: {@link #launch()} starts it. */
    public static RedisServer onFreePort() {
        return new RedisServer(AppProcess.freePort());
    }

    /** The URI clients use, e.g. for {@code quarkus.redis.hosts}. */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /** Starts the server (first, or again after {@link #stop()}) on its port, empty, and waits until it answers. */
    public void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server already runs on port " + port);
        }
        List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", log.getParent().toAbsolutePath().toString());
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run redis-server (install the Debian package redis-server; "
                    + ".ci/run does): " + e.getMessage(), e);
        }
        await("redis-server on port " + port).atMost(START_DEADLINE).pollInterval(Duration.ofMillis(50))
                .failFast("redis-server exited; see " + log, () -> !process.isAlive())
                .until(() -> "+PONG".equals(commandQuietly("PING")));
    }

    /** Stops the server at once, as a crash would (its data is gone), and waits until it has exited. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends one inline command (words separated by spaces, none containing one) and returns the
     * first line of the reply, e.g. {@code +OK} or {@code :3}.
     */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server on port " + port + " did not answer " + inline, e);
        }
    }

    private String commandQuietly(String inline) {
        try {
            return command(inline);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
