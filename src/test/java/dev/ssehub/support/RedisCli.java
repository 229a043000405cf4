package dev.ssehub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code redis-cli} against a server on loopback, for the tests that start Redis processes. */
public final class RedisCli {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private RedisCli() {
    }

    /** Runs {@code redis-cli} against {@code 127.0.0.1:port} and returns its output; fails after 5 s. */
    public static String run(int port, String... arguments) {
        return run(port, DEADLINE, arguments);
    }

    /** Runs {@code redis-cli} against {@code 127.0.0.1:port} and returns its output; fails after {@code deadline}. */
    public static String run(int port, Duration deadline, String... arguments) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(arguments));
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!cli.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                cli.destroyForcibly();
                throw new IllegalStateException("redis-cli did not finish: " + command);
            }
            return new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run redis-cli (Debian package redis-tools, which redis-server "
                    + "brings)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #run(int, String...)}, but an empty string where it fails (a server not up yet, or gone). */
    public static String quietly(int port, String... arguments) {
        try {
            return run(port, arguments);
        } catch (RuntimeException e) {
            return "";
        }
    }
}
