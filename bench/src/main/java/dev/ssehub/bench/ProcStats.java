package dev.ssehub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CPU time and resident memory of a process and its descendants from {@code /proc} (Linux
 * only). A server is measured as its whole process tree: nginx does its work in worker processes.
 */
final class ProcStats {

    // USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux build we meet.
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcStats() {
    }

    /** CPU time (user + system) used so far by {@code pid} and its descendants, in microseconds. */
    static long cpuMicros(long pid) {
        long ticks = 0;
        for (long p : tree(pid)) {
            ticks += cpuTicks(p);
        }
        return ticks * 1_000_000L / TICKS_PER_SECOND;
    }

    /** System (kernel) CPU time used so far by {@code pid} and its descendants, in microseconds. */
    static long systemCpuMicros(long pid) {
        long ticks = 0;
        for (long p : tree(pid)) {
            ticks += field(p, 15);
        }
        return ticks * 1_000_000L / TICKS_PER_SECOND;
    }

    /** CPU time used so far by this very process, in microseconds. */
    static long ownCpuMicros() {
        return cpuTicks(ProcessHandle.current().pid()) * 1_000_000L / TICKS_PER_SECOND;
    }

    /** The soft limit of open files of this very process, or -1 if it has none or cannot be read. */
    static long ownOpenFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | NumberFormatException unknown) {
            return -1;
        }
        return -1;
    }

    /** Resident set size of {@code pid} and its descendants, in bytes. */
    static long rssBytes(long pid) {
        long kib = 0;
        for (long p : tree(pid)) {
            kib += statusKib(p, "VmRSS:");
        }
        return kib * 1024;
    }

    private static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(handle -> handle.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    private static long cpuTicks(long pid) {
        return field(pid, 14) + field(pid, 15);
    }

    /** Field {@code number} (counted from 1, as proc(5) does) of /proc/PID/stat, or 0 if it is gone. */
    private static long field(long pid, int number) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException gone) {
            return 0;
        }
        // The command name may hold spaces and parentheses: fields are counted after its last ')',
        // which ends field 2.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[number - 3]);
    }

    private static long statusKib(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException gone) {
            return 0;
        }
        return 0;
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
