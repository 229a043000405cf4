package dev.ssehub.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** startup: from starting the process to the first byte of an SSE subscription, and RSS then. */
final class StartupWorkload {

    static final String NAME = "startup";

    private StartupWorkload() {
    }

    static void run(Bench bench, Server server, int repeat) throws IOException, InterruptedException {
        try (RunningServer running = bench.start(server, NAME, false)) {
            long nanos = running.awaitFirstByte(60_000);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("server", server.name());
            row.put("repeat", repeat);
            row.put("first_byte_ms", nanos / 1e6);
            row.put("rss_mb", running.rssBytes() / 1048576.0);
            bench.record(NAME, row);
        }
    }
}
