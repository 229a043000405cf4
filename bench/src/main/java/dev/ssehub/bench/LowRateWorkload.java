package dev.ssehub.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * lowrate (issue #17): many subscribers on one topic and few updates, where most deployments
 * live. After the fanout's warm-up, one step per rate (1, 5 and 20 updates/s by default), each
 * long enough for a stable number; each step records the server CPU per delivery, the
 * publish-to-receive latency, the share of deliveries that arrived and the subscribers cut off.
 * No saturation search: every step runs whatever it measures.
 */
final class LowRateWorkload {

    static final String NAME = "lowrate";
    private static final String TOPIC = "lowrate";
    // The generator's own files besides its subscriptions: jars, the publisher, /proc reads.
    private static final int SPARE_FILES = 200;

    private LowRateWorkload() {
    }

    static void run(Bench bench, Server server, int repeat) throws IOException, InterruptedException, TimeoutException {
        Settings settings = bench.settings();
        Settings.LowRate size = settings.lowRate();
        int count = size.subscribers();
        long limit = ProcStats.ownOpenFilesLimit();
        if (limit >= 0 && limit < count + SPARE_FILES) {
            throw new IllegalStateException("open-files limit " + limit + " is too low for " + count
                    + " subscribers: raise it (ulimit -n \"$(ulimit -Hn)\", as bench/run.sh does)");
        }
        try (RunningServer running = bench.startAndWait(server, NAME, false);
                Subscribers subscribers = new Subscribers(bench.generator(), running, count, settings.sourceAddresses());
                Publisher publisher = new Publisher(bench.generator(), running, TOPIC)) {
            subscribers.open(count, TOPIC, settings.connectParallel(), 300_000);
            FanoutWorkload.warmUp(subscribers, publisher, count);
            List<Double> rates = size.rates();
            for (int step = 0; step < rates.size(); step++) {
                double rate = rates.get(step);
                Map<String, Object> row = FanoutWorkload.step(bench, running, subscribers, publisher, count, repeat, step,
                        rate, size.stepMillis(rate));
                bench.record(NAME, row);
            }
        }
    }
}
