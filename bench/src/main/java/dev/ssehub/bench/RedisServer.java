package dev.ssehub.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code redis-server} on a free loopback port, without persistence, bounded by {@code timeout}
 * so that it ends even if the benchmark does not; {@link #info} reads its counters over a plain
 * socket. {@link #close()} stops it by process id.
 */
final class RedisServer implements AutoCloseable {

    /** What one {@code INFO} request adds to {@code total_net_input_bytes}. */
    static final long INFO_REQUEST_BYTES = "INFO\r\n".length();

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts it with its files and log in {@code workDir}, and waits until it answers. */
    static RedisServer start(Path workDir, long lifetimeSeconds) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of("timeout", "-k", "5", Long.toString(lifetimeSeconds), "redis-server",
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", workDir.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("redis.log").toFile()).start();
        RedisServer redis = new RedisServer(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                redis.info();
                return redis;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    redis.close();
                    throw new IOException("redis-server did not answer on " + port + ": " + notYet.getMessage());
                }
                Thread.sleep(50);
            }
        }
    }

    int port() {
        return port;
    }

    /** CPU time (user + system) Redis used so far, in microseconds. */
    long cpuMicros() {
        return ProcStats.cpuMicros(process.pid());
    }

    /**
     * Every field of {@code INFO}, and under {@code reply_bytes} the size of this reply, which the
     * next reading's {@code total_net_output_bytes} counts.
     */
    Map<String, String> info() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("INFO\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String header = readLine(in);
            if (!header.startsWith("$")) {
                throw new IOException("INFO answered " + header);
            }
            int length = Integer.parseInt(header.substring(1));
            byte[] body = in.readNBytes(length + 2);
            Map<String, String> fields = new HashMap<>();
            for (String line : new String(body, 0, length, StandardCharsets.UTF_8).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
            fields.put("reply_bytes", Long.toString(header.length() + 2L + length + 2L));
            return fields;
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException stillRunning) {
            all.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
