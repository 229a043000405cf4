package dev.ssehub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link AtSizeSubscribers} process started by this one, spoken to line by line: each request
 * waits for its one answer with a deadline. Its standard error goes to a log file.
 */
final class GeneratorProcess implements AutoCloseable {

    private static final URI JAR = jarUri();

    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;

    private GeneratorProcess(Process process) {
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts one opening {@code count} subscriptions to {@code port}; {@link #awaitOpened} waits for them. */
    static GeneratorProcess start(int port, int count, int firstAddress, int addresses, long lifetimeSeconds,
            List<String> jvmOptions, Path log) throws IOException {
        String jar = Path.of(JAR).toString();
        List<String> command = new ArrayList<>(List.of("timeout", "-k", "5", Long.toString(lifetimeSeconds),
                ProcessHandle.current().info().command().orElse("java")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", jar, AtSizeSubscribers.class.getName(), Integer.toString(port), Integer.toString(count),
                Integer.toString(firstAddress), Integer.toString(addresses), Long.toString(lifetimeSeconds)));
        return new GeneratorProcess(new ProcessBuilder(command).redirectError(log.toFile()).start());
    }

    private static URI jarUri() {
        try {
            return AtSizeSubscribers.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the benchmark's own jar has no path", e);
        }
    }

    /** The answer to the subscriptions it was told to open: {@code opened N failed M last …}. */
    String awaitOpened(long timeoutMillis) throws IOException, InterruptedException, TimeoutException {
        return readLine(timeoutMillis);
    }

    /** Sends {@code command} and returns its answer. */
    String ask(String command, long timeoutMillis) throws IOException, InterruptedException, TimeoutException {
        in.println(command);
        return readLine(timeoutMillis);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        in.close();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException stillRunning) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private String readLine(long timeoutMillis) throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            String answer = line.get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (answer == null) {
                throw new IOException("generator " + process.pid() + " exited");
            }
            return answer;
        } catch (ExecutionException e) {
            throw new IOException("reading generator " + process.pid() + ": " + e.getCause(), e.getCause());
        }
    }
}
