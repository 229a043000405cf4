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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package, which {@code .ci/run} installs) run as a child
 * process on a free loopback port, without persistence, for the Redis transport's tests; it can be
 * stopped and started again on the same port to play an outage, started as the replica of another
 * one, and paused (frozen, as a stalled machine would be). Its output goes to
 * {@code target/redis/<port>.log}. Not thread-safe: one test class drives it.
 */
public final class RedisServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_DEADLINE = Duration.ofSeconds(20);

    private final int port;
    private final Path log;
    private final RedisServer master;
    private Process process;

    private RedisServer(int port, RedisServer master) {
        this.port = port;
        this.master = master;
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
        return new RedisServer(AppProcess.freePort(), null);
    }

    /**
     * Starts a replica of {@code master} on a free port and waits until it has the master's data and
     * the master counts it as a replica that follows.
     */
    public static RedisServer startReplicaOf(RedisServer master) {
        RedisServer replica = new RedisServer(AppProcess.freePort(), master);
        replica.launch();
        await("replica on port " + replica.port + " in sync").atMost(START_DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> replica.info("replication").contains("master_link_status:up")
                        && master.info("replication").contains("port=" + replica.port + ",state=online"));
        return replica;
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
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", log.getParent().toAbsolutePath().toString()));
        if (master != null) {
            command.addAll(List.of("--replicaof", HOST, Integer.toString(master.port)));
        }
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
     * Freezes the server (SIGSTOP), as a stalled machine or a long pause would: its connections stay
     * open and nothing it is sent is answered or applied until {@link #resume()}. Send it no command
     * meanwhile: none would be answered.
     */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@linkplain #pause() paused} server go on (SIGCONT), where it stopped. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends one inline command (words separated by spaces, none containing one) and returns the
     * first line of the reply, e.g. {@code +OK} or {@code :3}.
     */
    public String command(String inline) {
        return exchange(inline, in -> readLine(in));
    }

    /** Sends one inline command whose reply is a bulk string, and returns that string, or {@code null} for nil. */
    public String bulk(String inline) {
        return exchange(inline, in -> {
            String head = readLine(in);
            if (!head.startsWith("$")) {
                throw new IllegalStateException(inline + " answered " + head + ", not a bulk string");
            }
            int length = Integer.parseInt(head.substring(1));
            return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
        });
    }

    /** The {@code INFO} of {@code section}, e.g. {@code replication}, as {@code key:value} lines. */
    public String info(String section) {
        return bulk("INFO " + section);
    }

    private interface ReplyReader {
        String read(InputStream in) throws IOException;
    }

    private String exchange(String inline, ReplyReader reader) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reader.read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server on port " + port + " did not answer " + inline, e);
        }
    }

    /** One line of the reply, without its CR LF. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\r') {
            line.append((char) c);
        }
        if (c == '\r') {
            in.read();
        }
        return line.toString();
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
