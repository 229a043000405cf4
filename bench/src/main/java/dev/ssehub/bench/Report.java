package dev.ssehub.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the report of a run from its CSV files: the template with its {@code {{…}}} markers
 * replaced by tables of medians (and the spread over repeats), the targets of issue #7 as ratios
 * of sse-hub to nchan, and PNG charts.
 */
final class Report {

    private static final String HUB = "sse-hub";
    private static final String PEER = "nchan";
    private static final String QUIET = "sse-hub-quiet";
    private static final int TARGET_SUBSCRIBERS = 10_000;
    private static final int HELD_SUBSCRIBERS = 19_500;
    private static final Color HUB_COLOR = new Color(0x1f, 0x77, 0xb4);
    private static final Color QUIET_COLOR = new Color(0x2c, 0xa0, 0x2c);
    private static final Color PEER_COLOR = new Color(0xd6, 0x61, 0x0b);

    private final Path runDir;
    private final Map<String, List<Map<String, String>>> tables = new LinkedHashMap<>();

    private Report(Path runDir) throws IOException {
        this.runDir = runDir;
        for (String name : List.of(LowRateWorkload.NAME, StartupWorkload.NAME, ConnectWorkload.NAME, IdleWorkload.NAME, FanoutWorkload.NAME,
                FanoutWorkload.STEPS)) {
            Path file = runDir.resolve(name + ".csv");
            tables.put(name, Files.exists(file) ? readCsv(file) : List.of());
        }
    }

    /** Writes {@code report} from {@code template} and the results in {@code runDir}, charts into {@code charts}. */
    static void write(Path runDir, Path template, Path report, Path charts) throws IOException {
        Report data = new Report(runDir);
        Files.createDirectories(charts);
        Path reportDir = report.toAbsolutePath().getParent();
        String chartLinks = data.charts(charts, reportDir);
        String text = Files.readString(template, StandardCharsets.UTF_8)
                .replace("{{run}}", data.runFacts(reportDir))
                .replace("{{targets}}", data.targets())
                .replace("{{lowrate}}", data.lowRate())
                .replace("{{startup}}", data.startup())
                .replace("{{connect}}", data.connect())
                .replace("{{idle}}", data.idle())
                .replace("{{fanout}}", data.fanout())
                .replace("{{charts}}", chartLinks);
        Files.writeString(report, text, StandardCharsets.UTF_8);
        System.out.println("Report written to " + report);
    }

    private String runFacts(Path reportDir) throws IOException {
        Path info = runDir.resolve("run.txt");
        StringBuilder out = new StringBuilder("Raw results: `" + reportDir.relativize(runDir.toAbsolutePath()) + "/`.\n\n```text\n");
        out.append(Files.exists(info) ? Files.readString(info) : "(no run.txt)\n");
        return out.append("```\n").toString();
    }

    private String targets() {
        StringBuilder out = new StringBuilder();
        out.append("| Target (issue #7) | sse-hub | nchan | ratio | wanted | met |\n|---|---|---|---|---|---|\n");
        Predicate<Map<String, String>> at10k = row -> number(row, "subscribers") == TARGET_SUBSCRIBERS;
        ratioRow(out, "Delivered events/s at 10k subscribers (peak before saturation)", FanoutWorkload.NAME, at10k,
                "peak_delivered_per_s", "≥ 1.25×", ratio -> ratio >= 1.25);
        ratioRow(out, "Server CPU µs per delivery at 10k subscribers (at that peak)", FanoutWorkload.NAME, at10k,
                "peak_cpu_us_per_delivery", "≤ 0.8×", ratio -> ratio <= 0.8);
        ratioRow(out, "p99 publish→receive ms at 1 update/s, 10k subscribers", FanoutWorkload.NAME, at10k,
                "low_rate_p99_ms", "≤ 0.5×", ratio -> ratio <= 0.5);
        List<Map<String, String>> idle = tables.get(IdleWorkload.NAME);
        int most = idle.stream().mapToInt(row -> (int) number(row, "subscribers")).max().orElse(0);
        Spread memory = spread(idle, row -> row.get("server").equals(HUB) && number(row, "subscribers") == most,
                "heap_native_per_subscriber_kb");
        Spread peerRss = spread(idle, row -> row.get("server").equals(PEER) && number(row, "subscribers") == most,
                "rss_per_subscriber_kb");
        out.append("| Idle memory per subscriber, heap + native KB, at ").append(most).append(" (nchan: RSS) | ")
                .append(memory).append(" | ").append(peerRss).append(" | – | ≤ 6 KB | ")
                .append(memory.isEmpty() ? "–" : memory.median() <= 6 ? "yes" : "**no**").append(" |\n");
        Spread quiet = spread(idle, row -> row.get("server").equals(QUIET) && number(row, "subscribers") == most,
                "heap_native_per_subscriber_kb");
        if (!quiet.isEmpty()) {
            out.append("| The same without subscription events (").append(QUIET).append(", `hub.subscriptions=false`) | ")
                    .append(quiet).append(" | ").append(peerRss).append(" | – | ≤ 6 KB | ")
                    .append(quiet.median() <= 6 ? "yes" : "**no**").append(" |\n");
        }
        Spread held = spread(idle, row -> row.get("server").equals(HUB) && number(row, "subscribers") == HELD_SUBSCRIBERS, "held");
        Spread peerHeld = spread(idle, row -> row.get("server").equals(PEER) && number(row, "subscribers") == HELD_SUBSCRIBERS,
                "held");
        out.append("| Subscribers held by one process (of ").append(HELD_SUBSCRIBERS).append(") | ").append(held)
                .append(" | ").append(peerHeld).append(" | – | 19500 | ")
                .append(held.isEmpty() ? "–" : held.min() >= HELD_SUBSCRIBERS ? "yes" : "**no**").append(" |\n");
        return out.toString();
    }

    private void ratioRow(StringBuilder out, String label, String table, Predicate<Map<String, String>> filter,
            String column, String wanted, Predicate<Double> met) {
        Spread hub = spread(tables.get(table), filter.and(row -> row.get("server").equals(HUB)), column);
        Spread peer = spread(tables.get(table), filter.and(row -> row.get("server").equals(PEER)), column);
        double ratio = ratio(table, filter, column);
        out.append("| ").append(label).append(" | ").append(hub).append(" | ").append(peer).append(" | ")
                .append(ratioCell(ratio)).append(" | ").append(wanted).append(" | ").append(metCell(ratio, met)).append(" |\n");
    }

    /** sse-hub's median over nchan's of {@code column} in the rows of {@code table} that pass {@code filter}; NaN if either is missing. */
    private double ratio(String table, Predicate<Map<String, String>> filter, String column) {
        return spread(tables.get(table), filter.and(row -> row.get("server").equals(HUB)), column).median()
                / spread(tables.get(table), filter.and(row -> row.get("server").equals(PEER)), column).median();
    }

    private static String ratioCell(double ratio) {
        return Double.isNaN(ratio) ? "–" : format(ratio) + "×";
    }

    private static String metCell(double value, Predicate<Double> met) {
        return Double.isNaN(value) ? "–" : met.test(value) ? "yes" : "**no**";
    }

    /**
     * The lowrate workload (issue #17): a table of medians per server and rate, then per rate the
     * ratios sse-hub / nchan beside the targets, and whether every delivery arrived.
     */
    private String lowRate() {
        String name = LowRateWorkload.NAME;
        StringBuilder out = new StringBuilder(table(name, List.of("subscribers", "rate_per_s"),
                List.of("cpu_us_per_delivery", "p50_ms", "p99_ms", "p999_ms", "max_ms", "delivered_pct", "cut",
                        "published", "server_cpu_pct", "server_kernel_share_pct", "generator_cpu_pct"),
                List.of("CPU µs/delivery", "p50 (ms)", "p99 (ms)", "p99.9 (ms)", "max (ms)", "Delivered (%)",
                        "Subscribers cut", "Updates published", "Server CPU (%)", "Kernel share of server CPU (%)",
                        "Generator CPU (%)")));
        List<Map<String, String>> rows = tables.get(name);
        if (rows.isEmpty()) {
            return out.toString();
        }
        out.append("\nRatios sse-hub / nchan of the medians, against the targets of issue #17 (CPU per delivery ≤ 0.8×,"
                + " p99 ≤ 0.7×, every update delivered to every subscriber in every run):\n\n"
                + "| Subscribers | Updates/s | CPU/delivery | ≤ 0.8× | p50 | p99 | ≤ 0.7× | p99.9"
                + " | sse-hub delivered, worst run | nchan delivered, worst run | 100 % | all met |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (double count : keys(rows, "subscribers")) {
            for (double rate : keys(rows.stream().filter(row -> number(row, "subscribers") == count).toList(), "rate_per_s")) {
                Predicate<Map<String, String>> at = row -> number(row, "subscribers") == count && number(row, "rate_per_s") == rate;
                double cpu = ratio(name, at, "cpu_us_per_delivery");
                double p99 = ratio(name, at, "p99_ms");
                Spread hubDelivered = spread(rows, at.and(row -> row.get("server").equals(HUB)), "delivered_pct");
                Spread hubCut = spread(rows, at.and(row -> row.get("server").equals(HUB)), "cut");
                Spread peerDelivered = spread(rows, at.and(row -> row.get("server").equals(PEER)), "delivered_pct");
                boolean allDelivered = !hubDelivered.isEmpty() && hubDelivered.min() >= 100 && hubCut.max() <= 0;
                String cpuMet = metCell(cpu, ratio -> ratio <= 0.8);
                String p99Met = metCell(p99, ratio -> ratio <= 0.7);
                String deliveredMet = hubDelivered.isEmpty() ? "–" : allDelivered ? "yes" : "**no**";
                out.append("| ").append((long) count).append(" | ").append(format(rate)).append(" | ")
                        .append(ratioCell(cpu)).append(" | ").append(cpuMet).append(" | ")
                        .append(ratioCell(ratio(name, at, "p50_ms"))).append(" | ")
                        .append(ratioCell(p99)).append(" | ").append(p99Met).append(" | ")
                        .append(ratioCell(ratio(name, at, "p999_ms"))).append(" | ")
                        .append(worst(hubDelivered, hubCut)).append(" | ")
                        .append(worst(peerDelivered, spread(rows, at.and(row -> row.get("server").equals(PEER)), "cut")))
                        .append(" | ").append(deliveredMet).append(" | ")
                        .append(cpuMet.equals("yes") && p99Met.equals("yes") && allDelivered ? "yes" : "**no**")
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    /** The lowest delivered share of the runs of a point, and the most subscribers cut in one of them. */
    private static String worst(Spread delivered, Spread cut) {
        if (delivered.isEmpty()) {
            return "–";
        }
        double least = delivered.min();
        // Rounded down, so that a loss never reads as 100 %.
        String share = least >= 100 ? "100" : String.format(Locale.ROOT, "%.3f", Math.floor(least * 1000) / 1000);
        return share + " %" + (cut.max() > 0 ? ", " + format(cut.max()) + " cut" : "");
    }

    private String startup() {
        return table(StartupWorkload.NAME, List.of(), List.of("first_byte_ms", "rss_mb"),
                List.of("Process start → first SSE byte (ms)", "RSS then (MB)"));
    }

    private String connect() {
        return table(ConnectWorkload.NAME, List.of("subscribers"),
                List.of("total_ms", "per_second", "first_byte_p50_ms", "first_byte_p99_ms", "failed"),
                List.of("All open (ms)", "Subscriptions/s", "First byte p50 (ms)", "First byte p99 (ms)", "Failed"));
    }

    private String idle() {
        return table(IdleWorkload.NAME, List.of("subscribers"),
                List.of("held", "rss_mb", "rss_per_subscriber_kb", "heap_per_subscriber_kb", "native_per_subscriber_kb",
                        "heap_native_per_subscriber_kb", "probe_all_ms"),
                List.of("Held", "RSS (MB)", "RSS/subscriber (KB)", "Live heap/subscriber (KB)", "Native/subscriber (KB)",
                        "Heap+native/subscriber (KB)", "Probe update reaches all (ms)"));
    }

    private String fanout() {
        StringBuilder out = new StringBuilder(table(FanoutWorkload.NAME, List.of("subscribers"),
                List.of("peak_delivered_per_s", "peak_cpu_us_per_delivery", "peak_p50_ms", "peak_p99_ms", "peak_p999_ms",
                        "low_rate_p50_ms", "low_rate_p99_ms", "low_rate_p999_ms", "peak_kernel_share_pct", "peak_generator_cpu_pct"),
                List.of("Peak delivered events/s", "CPU µs/delivery at peak", "p50 at peak (ms)", "p99 at peak (ms)",
                        "p99.9 at peak (ms)", "p50 at 1/s (ms)", "p99 at 1/s (ms)", "p99.9 at 1/s (ms)",
                        "Kernel share of server CPU at peak (%)", "Generator CPU at peak (%)")));
        out.append("\nWhat ended each run (the step after the peak):\n\n");
        for (Map<String, String> row : tables.get(FanoutWorkload.NAME)) {
            out.append("- ").append(row.get("server")).append(", ").append(row.get("subscribers")).append(" subscribers, run ")
                    .append(row.get("repeat")).append(": ").append(row.get("saturated_by").isEmpty() ? "not saturated"
                            : row.get("saturated_by")).append(" (peak at ").append(row.get("peak_rate_per_s"))
                    .append(" updates/s)\n");
        }
        out.append("\nRatios sse-hub / nchan of the medians:\n\n| Subscribers | Delivered/s | CPU/delivery | p99 at peak | p99 at 1/s |\n|---|---|---|---|---|\n");
        for (double count : keys(tables.get(FanoutWorkload.NAME), "subscribers")) {
            Predicate<Map<String, String>> at = row -> number(row, "subscribers") == count;
            out.append("| ").append((long) count);
            for (String column : List.of("peak_delivered_per_s", "peak_cpu_us_per_delivery", "peak_p99_ms", "low_rate_p99_ms")) {
                out.append(" | ").append(format(ratio(FanoutWorkload.NAME, at, column))).append('×');
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    /** A table of medians (min–max) per server and key columns, one row per group. */
    private String table(String name, List<String> keys, List<String> columns, List<String> titles) {
        List<Map<String, String>> rows = tables.get(name);
        if (rows.isEmpty()) {
            return "_Not measured in this run._\n";
        }
        StringBuilder out = new StringBuilder("| Server | ");
        keys.forEach(key -> out.append(titleOf(key)).append(" | "));
        titles.forEach(title -> out.append(title).append(" | "));
        out.append("Runs |\n|");
        out.append("---|".repeat(1 + keys.size() + titles.size() + 1)).append('\n');
        Map<String, List<Map<String, String>>> groups = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            StringBuilder group = new StringBuilder();
            for (String key : keys) {
                group.append(String.format(Locale.ROOT, "%016.3f", number(row, key))).append('|');
            }
            groups.computeIfAbsent(group + row.get("server"), g -> new ArrayList<>()).add(row);
        }
        new TreeSet<>(groups.keySet()).forEach(group -> {
            List<Map<String, String>> members = groups.get(group);
            out.append("| ").append(members.get(0).get("server")).append(" | ");
            keys.forEach(key -> out.append(keyCell(members.get(0), key)).append(" | "));
            columns.forEach(column -> out.append(spread(members, row -> true, column)).append(" | "));
            out.append(members.size()).append(" |\n");
        });
        return out.toString();
    }

    private static String titleOf(String key) {
        return switch (key) {
            case "subscribers" -> "Subscribers";
            case "rate_per_s" -> "Updates/s";
            default -> key;
        };
    }

    // Whole numbers without the decimals Csv gives every double (a rate of 1 is written 1.000).
    private static String keyCell(Map<String, String> row, String key) {
        double value = number(row, key);
        return value == Math.rint(value) ? Long.toString((long) value) : row.get(key);
    }

    private String charts(Path charts, Path reportDir) throws IOException {
        StringBuilder out = new StringBuilder();
        List<Map<String, String>> fanout = tables.get(FanoutWorkload.NAME);
        if (!fanout.isEmpty()) {
            out.append(chart(charts, reportDir, "fanout-throughput", "Peak delivered events/s before saturation",
                    "delivered events/s", fanout, List.of(new Series("peak_delivered_per_s", ""))));
            out.append(chart(charts, reportDir, "fanout-latency", "Publish→receive p99 latency", "p99 (ms)", fanout,
                    List.of(new Series("low_rate_p99_ms", " at 1 update/s"), new Series("peak_p99_ms", " at peak"))));
            out.append(chart(charts, reportDir, "fanout-cpu", "Server CPU per delivery at peak", "µs per delivery", fanout,
                    List.of(new Series("peak_cpu_us_per_delivery", ""))));
        }
        List<Map<String, String>> idle = tables.get(IdleWorkload.NAME);
        if (!idle.isEmpty()) {
            out.append(chart(charts, reportDir, "idle-memory", "Idle memory per subscriber", "KB per subscriber", idle,
                    List.of(new Series("rss_per_subscriber_kb", " RSS"), new Series("heap_native_per_subscriber_kb", " heap+native"))));
            out.append(chart(charts, reportDir, "idle-probe", "One update reaching every idle subscriber", "ms", idle,
                    List.of(new Series("probe_all_ms", ""))));
        }
        return out.toString();
    }

    /** One column to plot against subscribers, per server, with a suffix for its legend. */
    private record Series(String column, String suffix) {
    }

    private String chart(Path charts, Path reportDir, String file, String title, String yTitle,
            List<Map<String, String>> rows, List<Series> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(480).title(title).xAxisTitle("subscribers").yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(8);
        for (String server : List.of(HUB, QUIET, PEER)) {
            Color color = server.equals(HUB) ? HUB_COLOR : server.equals(QUIET) ? QUIET_COLOR : PEER_COLOR;
            for (int i = 0; i < series.size(); i++) {
                Series s = series.get(i);
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (double count : keys(rows, "subscribers")) {
                    Spread value = spread(rows, row -> row.get("server").equals(server) && number(row, "subscribers") == count,
                            s.column());
                    if (!value.isEmpty()) {
                        xs.add(count);
                        ys.add(value.median());
                    }
                }
                if (!xs.isEmpty()) {
                    XYSeries line = chart.addSeries(server + s.suffix(), xs, ys);
                    line.setMarker(SeriesMarkers.CIRCLE);
                    line.setLineColor(color);
                    line.setMarkerColor(color);
                    // The first column of a chart solid, the second dashed; one colour per server.
                    line.setLineStyle(i == 0 ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
                }
            }
        }
        Path png = charts.resolve(file + ".png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return "![" + title + "](" + reportDir.relativize(png.toAbsolutePath()) + ")\n\n";
    }

    /** The median, minimum and maximum of a column over the runs of a point. */
    private record Spread(List<Double> values) {

        boolean isEmpty() {
            return values.isEmpty();
        }

        double median() {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        @Override
        public String toString() {
            if (values.isEmpty()) {
                return "–";
            }
            return values.size() == 1 ? format(median()) : format(median()) + " (" + format(min()) + "–" + format(max()) + ")";
        }
    }

    private static Spread spread(List<Map<String, String>> rows, Predicate<Map<String, String>> filter, String column) {
        List<Double> values = new ArrayList<>();
        for (Map<String, String> row : rows) {
            String cell = row.get(column);
            if (filter.test(row) && cell != null && !cell.isEmpty()) {
                values.add(Double.parseDouble(cell));
            }
        }
        return new Spread(values);
    }

    private static TreeSet<Double> keys(List<Map<String, String>> rows, String column) {
        TreeSet<Double> keys = new TreeSet<>();
        rows.forEach(row -> keys.add(number(row, column)));
        return keys;
    }

    private static double number(Map<String, String> row, String column) {
        String cell = row.get(column);
        return cell == null || cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    /** Three significant digits, whole numbers as they are and above 1000. */
    private static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        if (abs >= 1000 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static List<Map<String, String>> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        List<String> header = cells(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    // The cells Csv writes: plain, or quoted with doubled quotes inside.
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
