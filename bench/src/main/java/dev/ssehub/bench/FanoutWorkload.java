package dev.ssehub.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;

/**
 * fanout: S subscribers on one topic; one publisher publishes at 1 update/s, then at rates aiming
 * at rising deliveries per second, until a step saturates: the publisher fell behind its plan, a
 * delivery went missing (or a subscriber was cut off), or the p99 latency passed one second.
 * Each step records delivered events/s, server CPU per delivery and publish-to-receive latency;
 * the summary keeps the best step before saturation and the 1 update/s step.
 */
final class FanoutWorkload {

    static final String NAME = "fanout";
    static final String STEPS = "fanout-steps";
    private static final String TOPIC = "fanout";
    private static final long SATURATED_P99_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int WARM_UP_STEP = Subscribers.MAX_STEPS - 1;
    private static final double WARM_UP_DELIVERIES = 25_000;
    // A JVM server keeps compiling for about ten seconds of load after its connections are made (its
    // CPU use at 1 update/s is several times the steady one until then): measure after that.
    private static final long WARM_UP_MILLIS = 10_000;

    private FanoutWorkload() {
    }

    static void run(Bench bench, Server server, int count, int repeat)
            throws IOException, InterruptedException, TimeoutException {
        Settings settings = bench.settings();
        try (RunningServer running = bench.startAndWait(server, NAME, false);
                Subscribers subscribers = new Subscribers(bench.generator(), running, count, settings.sourceAddresses());
                Publisher publisher = new Publisher(bench.generator(), running, TOPIC)) {
            subscribers.open(count, TOPIC, settings.connectParallel(), 300_000);
            warmUp(subscribers, publisher, count);
            List<Double> rates = new ArrayList<>();
            rates.add(1.0);
            for (int deliveries : settings.deliveryRates()) {
                rates.add(Math.max(2.0, (double) deliveries / count));
            }
            Map<String, Object> lowRate = null;
            Map<String, Object> best = null;
            Map<String, Object> last = null;
            for (int step = 0; step < rates.size() && step < WARM_UP_STEP; step++) {
                long duration = step == 0 ? settings.lowRateMillis() : settings.stepMillis();
                Map<String, Object> row = step(bench, running, subscribers, publisher, count, repeat, step, rates.get(step), duration);
                bench.record(STEPS, row);
                last = row;
                if (step == 0) {
                    lowRate = row;
                }
                if (!"".equals(row.get("saturated"))) {
                    break;
                }
                if (best == null || (double) row.get("delivered_per_s") > (double) best.get("delivered_per_s")) {
                    best = row;
                }
            }
            Map<String, Object> peak = best != null ? best : last;
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("server", server.name());
            summary.put("subscribers", count);
            summary.put("repeat", repeat);
            summary.put("peak_rate_per_s", peak.get("rate_per_s"));
            summary.put("peak_delivered_per_s", peak.get("delivered_per_s"));
            summary.put("peak_cpu_us_per_delivery", peak.get("cpu_us_per_delivery"));
            summary.put("peak_p50_ms", peak.get("p50_ms"));
            summary.put("peak_p99_ms", peak.get("p99_ms"));
            summary.put("peak_p999_ms", peak.get("p999_ms"));
            summary.put("peak_kernel_share_pct", peak.get("server_kernel_share_pct"));
            summary.put("peak_generator_cpu_pct", peak.get("generator_cpu_pct"));
            summary.put("saturated_by", last.get("saturated"));
            summary.put("low_rate_p50_ms", lowRate.get("p50_ms"));
            summary.put("low_rate_p99_ms", lowRate.get("p99_ms"));
            summary.put("low_rate_p999_ms", lowRate.get("p999_ms"));
            summary.put("low_rate_cpu_us_per_delivery", lowRate.get("cpu_us_per_delivery"));
            bench.record(NAME, summary);
        }
    }

    /**
     * A light load before the measured steps, so that they meet a server in its steady state (a
     * JVM's hot paths compiled) rather than one that has just started; its events are not counted.
     */
    static void warmUp(Subscribers subscribers, Publisher publisher, int count)
            throws InterruptedException, TimeoutException {
        Publisher.Result published = publisher.run(WARM_UP_STEP, Math.max(2.0, WARM_UP_DELIVERIES / count), WARM_UP_MILLIS);
        subscribers.awaitDeliveries(WARM_UP_STEP, published.accepted() * count);
        Thread.sleep(2_000);
    }

    /**
     * Publishes at {@code rate} updates/s for {@code durationMillis}, tagged {@code step}, waits for
     * the deliveries, and returns the step's result row; the caller records it.
     */
    static Map<String, Object> step(Bench bench, RunningServer running, Subscribers subscribers,
            Publisher publisher, int count, int repeat, int step, double rate, long durationMillis)
            throws InterruptedException, TimeoutException, IOException {
        int openBefore = subscribers.snapshot(step).open();
        long serverCpu = running.cpuMicros();
        long serverSystemCpu = running.systemCpuMicros();
        long generatorCpu = ProcStats.ownCpuMicros();
        long start = System.nanoTime();
        Publisher.Result published = publisher.run(step, rate, durationMillis);
        long expected = published.accepted() * openBefore;
        Subscribers.Snapshot snapshot = subscribers.awaitDeliveries(step, expected);
        long serverCpuUsed = running.cpuMicros() - serverCpu;
        long serverSystemCpuUsed = running.systemCpuMicros() - serverSystemCpu;
        long generatorCpuUsed = ProcStats.ownCpuMicros() - generatorCpu;
        long wall = System.nanoTime() - start;
        Histogram latency = subscribers.latency(step);
        long delivered = snapshot.received();
        double deliverySeconds = Math.max(published.elapsedNanos(), snapshot.lastReceivedNanos() - start) / 1e9;
        String saturated = "";
        if (published.throttled()) {
            saturated = "publisher throttled";
        } else if (delivered < expected || snapshot.open() < openBefore) {
            saturated = "deliveries missing";
        } else if (latency.getValueAtPercentile(99) > SATURATED_P99_NANOS) {
            saturated = "p99 over 1 s";
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("server", running.server().name());
        row.put("subscribers", count);
        row.put("repeat", repeat);
        row.put("step", step);
        row.put("rate_per_s", rate);
        row.put("planned", published.planned());
        row.put("published", published.accepted());
        row.put("expected", expected);
        row.put("delivered", delivered);
        row.put("delivered_pct", expected == 0 ? Double.NaN : 100.0 * delivered / expected);
        row.put("delivered_per_s", delivered / deliverySeconds);
        row.put("cpu_us_per_delivery", delivered == 0 ? Double.NaN : (double) serverCpuUsed / delivered);
        row.put("server_cpu_pct", 100.0 * serverCpuUsed / (wall / 1e3));
        row.put("server_kernel_share_pct", serverCpuUsed == 0 ? Double.NaN : 100.0 * serverSystemCpuUsed / serverCpuUsed);
        row.put("generator_cpu_pct", 100.0 * generatorCpuUsed / (wall / 1e3));
        row.put("p50_ms", latency.getValueAtPercentile(50) / 1e6);
        row.put("p99_ms", latency.getValueAtPercentile(99) / 1e6);
        row.put("p999_ms", latency.getValueAtPercentile(99.9) / 1e6);
        row.put("max_ms", latency.getMaxValue() / 1e6);
        row.put("open", snapshot.open());
        row.put("cut", openBefore - snapshot.open());
        row.put("saturated", saturated);
        row.put("last_failure", published.lastFailure() != null ? published.lastFailure() : snapshot.lastFailure());
        return row;
    }
}
