package dev.ssehub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.HdrHistogram.Histogram;

/** The flood workload's plain-text table, baseline and attack side by side, and its target lines. */
final class FloodTable {

    /** The target for the p99 of liveness and of deliveries under the attack. */
    static final double TARGET_P99_MS = 100;
    private static final String ROW = "%-42s %-28s %s%n";

    private FloodTable() {
    }

    /** The table of {@code baseline} and {@code attack}. */
    static String format(String server, FloodPhase baseline, FloodPhase attack, Settings settings) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "flood against %s: %d anonymous connections from %d address(es), each %d URI Templates"
                + " of %d variables; refused or ended ones retried after %d ms with %s%n", server, Attackers.CONNECTIONS,
                settings.floodAttackerAddresses(), Attackers.SELECTORS, Attackers.VARIABLES, Attackers.RETRY_MILLIS,
                settings.floodFreshSelectors() ? "new selectors" : "the same selectors"));
        List<FloodPhase> phases = List.of(baseline, attack);
        row(out, "", phases, FloodPhase::name);
        row(out, "phase length", phases, p -> String.format(Locale.ROOT, "%.0f s, slices of %.0f s", p.millis() / 1e3,
                p.sliceMillis() / 1e3));
        row(out, "server CPU", phases, p -> String.format(Locale.ROOT, "%.1f s (%.0f%% of a CPU)",
                p.serverCpuMicros() / 1e6, 100.0 * p.serverCpuMicros() / (p.millis() * 1e3)));
        out.append("liveness: GET /q/health/live every 50 ms\n");
        probes(out, phases, FloodPhase::liveness);
        out.append("exact subscriber: https://example.com/normal\n");
        delivery(out, phases, FloodPhase::exact);
        out.append("template subscriber: https://example.com/books/{id}\n");
        delivery(out, phases, FloodPhase::template);
        out.append("new template subscriber every 2 s (until head)\n");
        probes(out, phases, FloodPhase::join);
        out.append("attack\n");
        row(out, "  requests sent", phases, p -> p.attack() == null ? "-" : Long.toString(p.attack().attempts()));
        row(out, "  accepted (200)", phases, p -> p.attack() == null ? "-" : Long.toString(p.attack().accepted()));
        row(out, "  refused, by status", phases, p -> p.attack() == null ? "-"
                : p.attack().refusedTotal() + (p.attack().refused().isEmpty() ? ""
                        : " (" + FloodPhase.byStatus(p.attack().refused()) + ")"));
        row(out, "  errors / streams ended / open at end", phases, p -> p.attack() == null ? "-"
                : p.attack().errors() + " / " + p.attack().ended() + " / " + p.attack().open());
        if (attack.attack() != null) {
            attack.attack().refusalSamples().forEach((status, sample) -> out.append("  a ").append(status).append(": ")
                    .append(sample.replaceAll("\\s+", " ")).append('\n'));
            if (attack.attack().lastError() != null) {
                out.append("  last error: ").append(attack.attack().lastError()).append('\n');
            }
        }
        return out.toString();
    }

    /** One line per target, for the attack phase: {@code liveness p99 X ms (target < 100 ms): met}. */
    static List<String> targets(FloodPhase attack) {
        List<String> lines = new ArrayList<>();
        double liveness = FloodPhase.millis(attack.liveness().latency(), 99);
        lines.add(target("liveness", liveness, liveness < TARGET_P99_MS && attack.liveness().ok() > 0, ""));
        lines.add(deliveryTarget("exact subscriber", attack.exact()));
        lines.add(deliveryTarget("template subscriber", attack.template()));
        return lines;
    }

    private static String deliveryTarget(String who, FloodPhase.Delivery delivery) {
        double p99 = FloodPhase.millis(delivery.latency(), 99);
        String why = !delivery.subscribed() ? " (not subscribed)"
                : delivery.missing() > 0 ? " (" + delivery.missing() + " of " + delivery.sent() + " updates not received)" : "";
        return target(who, p99, p99 < TARGET_P99_MS && why.isEmpty() && delivery.received() > 0, why);
    }

    private static String target(String who, double p99, boolean met, String why) {
        return String.format(Locale.ROOT, "%s p99 %s ms (target < %.0f ms): %s%s", who, number(p99), TARGET_P99_MS,
                met ? "met" : "missed", why);
    }

    private static void probes(StringBuilder out, List<FloodPhase> phases, Function<FloodPhase, Prober.Result> probes) {
        row(out, "  probes: 200 / other / timeouts / errors", phases, p -> {
            Prober.Result r = probes.apply(p);
            return r.sent() + ": " + r.ok() + " / " + (r.sent() - r.ok() - r.timeouts() - r.errors()) + " / " + r.timeouts()
                    + " / " + r.errors();
        });
        row(out, "  p50 / p99 / max ms", phases, p -> percentiles(probes.apply(p).latency()));
        row(out, "  p99 ms by slice", phases, p -> FloodPhase.p99BySlice(probes.apply(p).slices()));
        if (phases.stream().anyMatch(p -> probes.apply(p).statuses().keySet().stream().anyMatch(s -> s != 200))) {
            row(out, "  answers by status", phases, p -> FloodPhase.byStatus(probes.apply(p).statuses()));
        }
    }

    private static void delivery(StringBuilder out, List<FloodPhase> phases, Function<FloodPhase, FloodPhase.Delivery> delivery) {
        row(out, "  sent / accepted by hub / received", phases, p -> {
            FloodPhase.Delivery d = delivery.apply(p);
            return d.subscribed() ? d.sent() + " / " + d.published() + " / " + d.received() : "not subscribed";
        });
        row(out, "  p50 / p99 / max ms", phases, p -> percentiles(delivery.apply(p).latency()));
        row(out, "  p99 ms by slice", phases, p -> FloodPhase.p99BySlice(delivery.apply(p).slices()));
    }

    private static String percentiles(Histogram latency) {
        return number(FloodPhase.millis(latency, 50)) + " / " + number(FloodPhase.millis(latency, 99)) + " / "
                + number(FloodPhase.maxMillis(latency));
    }

    private static String number(double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, millis < 10 ? "%.1f" : "%.0f", millis);
    }

    private static void row(StringBuilder out, String label, List<FloodPhase> phases, Function<FloodPhase, String> cell) {
        out.append(String.format(Locale.ROOT, ROW, label, cell.apply(phases.get(0)), cell.apply(phases.get(1))));
    }
}
