package dev.ssehub.bench;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap after a full GC and the native memory of a JVM, read with {@code jcmd} (the JVM
 * must run with {@code -XX:NativeMemoryTracking=summary} for the native part).
 *
 * @param liveHeapBytes   heap in use right after {@code GC.run}
 * @param nativeBytes     memory the JVM committed outside the Java heap (metaspace, code, threads,
 *                        GC structures, direct buffers, …), from Native Memory Tracking
 */
record JvmMemory(long liveHeapBytes, long nativeBytes) {

    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern TOTAL = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");
    private static final Pattern JAVA_HEAP = Pattern.compile("Java Heap \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

    /** Collects garbage in {@code pid}, then reads its heap and native memory. */
    static JvmMemory read(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        // One "total …K, used …K" line per generation or region kind; metaspace lines read differently.
        Matcher generations = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        long heap = 0;
        while (generations.find()) {
            heap += Long.parseLong(generations.group(1));
        }
        String nmt = jcmd(pid, "VM.native_memory", "summary");
        long nativeKib = kib(TOTAL, nmt) - kib(JAVA_HEAP, nmt);
        return new JvmMemory(heap * 1024, nativeKib * 1024);
    }

    private static long kib(Pattern pattern, String text) throws IOException {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IOException("jcmd output without " + pattern + ":\n" + text);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        String[] line = new String[command.length + 2];
        line[0] = "jcmd";
        line[1] = Long.toString(pid);
        System.arraycopy(command, 0, line, 2, command.length);
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
