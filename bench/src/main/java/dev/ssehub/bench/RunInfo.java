package dev.ssehub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The facts of a run the report states: when, on what machine, with which settings. */
final class RunInfo {

    private RunInfo() {
    }

    /** A few {@code key: value} lines; the report copies them. */
    static String describe(String mode, Settings settings, List<String> servers, List<String> hubOptions) {
        return "started: " + Instant.now() + "\n"
                + "mode: " + mode + "\n"
                + "servers: " + String.join(", ", servers) + "\n"
                + "sse-hub extra options: " + (hubOptions.isEmpty() ? "none" : String.join(" ", hubOptions)) + "\n"
                + "settings: " + settings + "\n"
                + "cpu: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " available to the generator\n"
                + "kernel: " + firstLine(Path.of("/proc/sys/kernel/osrelease")) + "\n"
                + "java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n"
                + "nginx: " + command("nginx", "-v") + "\n"
                + "load average at start: " + firstLine(Path.of("/proc/loadavg")) + "\n";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).distinct().collect(Collectors.joining("; "))
                    + " x" + Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).get(0).trim();
        } catch (IOException | IndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static String command(String... line) {
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor();
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
