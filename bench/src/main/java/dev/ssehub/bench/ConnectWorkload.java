package dev.ssehub.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;

/**
 * connect: how long opening N subscriptions takes, a bounded number at a time, until each has its
 * first response byte (the headers); and the spread of that time per subscription.
 */
final class ConnectWorkload {

    static final String NAME = "connect";

    private ConnectWorkload() {
    }

    static void run(Bench bench, Server server, int count, int repeat)
            throws IOException, InterruptedException, TimeoutException {
        Settings settings = bench.settings();
        try (RunningServer running = bench.startAndWait(server, NAME, false);
                Subscribers subscribers = new Subscribers(bench.generator(), running, count, settings.sourceAddresses())) {
            long nanos = subscribers.open(count, "connect", settings.connectParallel(), 300_000);
            Subscribers.Snapshot snapshot = subscribers.snapshot(0);
            Histogram firstByte = subscribers.firstByte();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("server", server.name());
            row.put("subscribers", count);
            row.put("repeat", repeat);
            row.put("opened", snapshot.opened());
            row.put("failed", snapshot.failed());
            row.put("total_ms", nanos / 1e6);
            row.put("per_second", snapshot.opened() / (nanos / 1e9));
            row.put("first_byte_p50_ms", firstByte.getValueAtPercentile(50) / 1e6);
            row.put("first_byte_p99_ms", firstByte.getValueAtPercentile(99) / 1e6);
            row.put("first_byte_max_ms", firstByte.getMaxValue() / 1e6);
            row.put("last_failure", snapshot.lastFailure());
            bench.record(NAME, row);
        }
    }
}
