package dev.ssehub.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * idle: subscribers ramp up to each count in turn and stay idle; at each count the server's
 * memory is measured against a baseline taken with a few warm-up subscribers, then one probe
 * update is published and timed until every subscriber has it.
 */
final class IdleWorkload {

    static final String NAME = "idle";
    private static final String TOPIC = "idle";
    private static final int WARM_UP = 100;
    private static final long SETTLE_MILLIS = 2_000;
    private static final long PROBE_TIMEOUT_MILLIS = 60_000;

    private IdleWorkload() {
    }

    static void run(Bench bench, Server server, List<Integer> counts, int repeat)
            throws IOException, InterruptedException, TimeoutException {
        Settings settings = bench.settings();
        int most = counts.get(counts.size() - 1);
        try (RunningServer running = bench.startAndWait(server, NAME, server.isJvm());
                Subscribers subscribers = new Subscribers(bench.generator(), running, most + WARM_UP,
                        settings.sourceAddresses());
                Publisher publisher = new Publisher(bench.generator(), running, TOPIC)) {
            subscribers.open(WARM_UP, TOPIC, settings.connectParallel(), 60_000);
            // One update through every path before the baseline, so later points pay no class loading.
            probe(subscribers, publisher, 0);
            Thread.sleep(SETTLE_MILLIS);
            long baseRss = running.rssBytes();
            JvmMemory base = server.isJvm() ? JvmMemory.read(running.pid()) : null;
            int step = 1;
            for (int count : counts) {
                int open = subscribers.snapshot(0).open();
                subscribers.open(count + WARM_UP - open, TOPIC, settings.connectParallel(), 300_000);
                Thread.sleep(SETTLE_MILLIS);
                long rss = running.rssBytes();
                JvmMemory memory = server.isJvm() ? JvmMemory.read(running.pid()) : null;
                Subscribers.Snapshot held = subscribers.snapshot(0);
                double probeMillis = probe(subscribers, publisher, step++);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("server", server.name());
                row.put("subscribers", count);
                row.put("repeat", repeat);
                row.put("held", held.open() - WARM_UP);
                row.put("failed", held.failed());
                row.put("rss_mb", rss / 1048576.0);
                row.put("rss_per_subscriber_kb", (rss - baseRss) / 1024.0 / count);
                row.put("heap_per_subscriber_kb", memory == null ? null : (memory.liveHeapBytes() - base.liveHeapBytes()) / 1024.0 / count);
                row.put("native_per_subscriber_kb", memory == null ? null : (memory.nativeBytes() - base.nativeBytes()) / 1024.0 / count);
                row.put("heap_native_per_subscriber_kb", memory == null ? null
                        : (memory.liveHeapBytes() + memory.nativeBytes() - base.liveHeapBytes() - base.nativeBytes()) / 1024.0 / count);
                row.put("probe_all_ms", probeMillis);
                row.put("last_failure", held.lastFailure());
                bench.record(NAME, row);
            }
        }
    }

    /** Publishes one update and returns the milliseconds until every open subscriber had it, or NaN. */
    private static double probe(Subscribers subscribers, Publisher publisher, int step)
            throws InterruptedException, TimeoutException {
        long sent = publisher.publishOne(step);
        long deadline = System.nanoTime() + PROBE_TIMEOUT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            Subscribers.Snapshot snapshot = subscribers.snapshot(step);
            if (snapshot.received() >= snapshot.open()) {
                return (snapshot.lastReceivedNanos() - sent) / 1e6;
            }
            Thread.sleep(5);
        }
        return Double.NaN;
    }
}
