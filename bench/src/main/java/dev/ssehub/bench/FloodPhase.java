package dev.ssehub.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/**
 * What one phase of the flood workload measured, with or without the attack.
 *
 * @param name            {@code baseline} or {@code attack}
 * @param millis          how long the publishers and probes ran
 * @param sliceMillis     the length of the slices latencies are also kept by
 * @param serverCpuMicros CPU time the server used meanwhile
 * @param liveness        the {@code /q/health/live} probes
 * @param join            new subscriptions to the URI Template, each measured until its head
 * @param exact           the subscriber to the exact topic
 * @param template        the subscriber to the URI Template
 * @param attack          what the attackers met; null in the baseline
 */
record FloodPhase(String name, long millis, long sliceMillis, long serverCpuMicros, Prober.Result liveness, Prober.Result join,
        Delivery exact, Delivery template, Attackers.Snapshot attack) {

    /**
     * One normal subscriber's updates.
     *
     * @param subscribed whether its subscription was open when the phase began
     * @param sent       updates the publisher sent to its topic
     * @param published  of those, the ones the hub accepted
     * @param received   updates it received
     * @param latency    their publish-to-receive latency, in nanoseconds
     * @param slices     the same for the updates published in each slice of the phase
     * @param lastFailure the last failure of its subscription or of the publisher, or null
     */
    record Delivery(boolean subscribed, long sent, long published, long received, Histogram latency,
            List<Histogram> slices, String lastFailure) {

        /** Sent updates that never arrived. */
        long missing() {
            return Math.max(0, sent - received);
        }
    }

    /** The phase as one CSV row. */
    Map<String, Object> row(String server, int repeat, Settings settings) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("server", server);
        row.put("repeat", repeat);
        row.put("phase", name);
        row.put("attack_connections", attack == null ? 0 : Attackers.CONNECTIONS);
        row.put("attack_selectors", attack == null ? 0 : Attackers.SELECTORS);
        row.put("attacker_addresses", attack == null ? 0 : settings.floodAttackerAddresses());
        row.put("attack_fresh_selectors", attack != null && settings.floodFreshSelectors());
        row.put("duration_s", millis / 1e3);
        row.put("slice_s", sliceMillis / 1e3);
        row.put("server_cpu_s", serverCpuMicros / 1e6);
        row.put("server_cpu_pct", 100.0 * serverCpuMicros / (millis * 1e3));
        probes(row, "liveness", liveness);
        delivery(row, "exact", exact);
        delivery(row, "template", template);
        probes(row, "join", join);
        row.put("attack_requests", attack == null ? 0 : attack.attempts());
        row.put("attack_accepted", attack == null ? 0 : attack.accepted());
        row.put("attack_refused", attack == null ? 0 : attack.refusedTotal());
        row.put("attack_refused_by_status", attack == null ? "" : byStatus(attack.refused()));
        row.put("attack_errors", attack == null ? 0 : attack.errors());
        row.put("attack_ended", attack == null ? 0 : attack.ended());
        row.put("attack_open_at_end", attack == null ? 0 : attack.open());
        return row;
    }

    /** The p99 of each slice in milliseconds, space-separated: {@code 12 3412 24 9}. */
    static String p99BySlice(List<Histogram> slices) {
        return slices.stream().map(h -> h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", millis(h, 99)))
                .collect(Collectors.joining(" "));
    }

    /** {@code 429:120 400:3}. */
    static String byStatus(Map<Integer, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
    }

    static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
    }

    static double maxMillis(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1e6;
    }

    private static void probes(Map<String, Object> row, String prefix, Prober.Result probes) {
        row.put(prefix + "_probes", probes.sent());
        row.put(prefix + "_ok", probes.ok());
        row.put(prefix + "_timeouts", probes.timeouts());
        row.put(prefix + "_errors", probes.errors());
        row.put(prefix + "_statuses", byStatus(probes.statuses()));
        row.put(prefix + "_p50_ms", millis(probes.latency(), 50));
        row.put(prefix + "_p99_ms", millis(probes.latency(), 99));
        row.put(prefix + "_max_ms", maxMillis(probes.latency()));
        row.put(prefix + "_p99_by_slice_ms", p99BySlice(probes.slices()));
    }

    private static void delivery(Map<String, Object> row, String prefix, Delivery delivery) {
        row.put(prefix + "_subscribed", delivery.subscribed());
        row.put(prefix + "_sent", delivery.sent());
        row.put(prefix + "_published", delivery.published());
        row.put(prefix + "_received", delivery.received());
        row.put(prefix + "_p50_ms", millis(delivery.latency(), 50));
        row.put(prefix + "_p99_ms", millis(delivery.latency(), 99));
        row.put(prefix + "_max_ms", maxMillis(delivery.latency()));
        row.put(prefix + "_p99_by_slice_ms", p99BySlice(delivery.slices()));
        row.put(prefix + "_last_failure", delivery.lastFailure());
    }
}
