package dev.ssehub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One started server process, pinned with {@code taskset} to its CPU, on a free loopback port.
 * {@link #close()} kills it and everything it started, by process id.
 */
final class RunningServer implements AutoCloseable {

    private static final long STOP_GRACE_MILLIS = 2_000;

    private final Server server;
    private final Process process;
    private final int port;
    private final Path log;
    private final long startedNanos;

    private RunningServer(Server server, Process process, int port, Path log, long startedNanos) {
        this.server = server;
        this.process = process;
        this.port = port;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts {@code server} on CPU {@code cpu}, its output going to {@code workDir/server.log}, and
     * returns at once: call {@link #awaitFirstByte} before using it.
     */
    static RunningServer start(Server server, String cpu, Path workDir, boolean trackNativeMemory) throws IOException {
        Files.createDirectories(workDir);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("taskset", "-c", cpu));
        command.addAll(server.command(port, workDir, trackNativeMemory));
        Path log = workDir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long started = System.nanoTime();
        return new RunningServer(server, builder.start(), port, log, started);
    }

    Server server() {
        return server;
    }

    int port() {
        return port;
    }

    /** Where its standard output and error go. */
    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until a subscription's first response byte arrives and returns the nanoseconds since
     * the process was started.
     *
     * @throws IOException if the process exits or {@code timeoutMillis} pass first
     */
    long awaitFirstByte(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = startedNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        byte[] request = ("GET " + server.subscribePath("startup") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(server.name() + " exited with " + process.exitValue() + " before serving");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                InputStream in = socket.getInputStream();
                if (in.read() >= 0) {
                    return System.nanoTime() - startedNanos;
                }
            } catch (ConnectException | SocketTimeoutException notYet) {
                Thread.sleep(2);
            } catch (IOException resetWhileStarting) {
                Thread.sleep(2);
            }
        }
        throw new IOException(server.name() + " served nothing within " + timeoutMillis + " ms");
    }

    /** CPU time of the server's processes so far, in microseconds. */
    long cpuMicros() {
        return ProcStats.cpuMicros(process.pid());
    }

    /** Kernel CPU time of the server's processes so far, in microseconds. */
    long systemCpuMicros() {
        return ProcStats.systemCpuMicros(process.pid());
    }

    /** Resident memory of the server's processes, in bytes. */
    long rssBytes() {
        return ProcStats.rssBytes(process.pid());
    }

    /**
     * Asks the server to stop (SIGTERM, so that a JVM writes its flight recording), and kills it
     * and its child processes, by process id, if they are still there after {@link #STOP_GRACE_MILLIS}.
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.add(process.toHandle());
        process.destroy();
        try {
            process.onExit().get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException stillRunning) {
            // Killed below.
        }
        for (ProcessHandle handle : all) {
            handle.destroyForcibly();
        }
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("process " + handle.pid() + " did not exit: " + e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
