package dev.ssehub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the benchmark of issue #7: every workload against nchan and sse-hub, interleaved point by
 * point, then writes the report. Start it pinned to the generator's CPU ({@code bench/run.sh}
 * does); it pins each server to the server CPU itself.
 *
 * <pre>
 * --quick                 a few minutes instead of the full run
 * --servers nchan,sse-hub which servers, in this order at every point; sse-hub-quiet is sse-hub
 *                         without subscription events (hub.subscriptions=false)
 * --workloads lowrate,startup,connect,idle,fanout
 *                         (flood, sse-hub only, is not in the default list: bench/flood.sh runs it)
 * --fanout-counts N,N     subscriber counts of the fanout workload, instead of the mode's
 * --idle-counts N,N       subscriber counts of the idle workload, instead of the mode's
 * --lowrate-rates R,R     updates/s of the lowrate workload's steps (1,5,20)
 * --lowrate-subscribers N subscribers of the lowrate workload, instead of the mode's (10000)
 * --repeats N             runs of each point, instead of the mode's
 * --flood-attacker-addresses N  how many source addresses the flood's attackers use (1)
 * --flood-fresh-selectors       flood attackers ask for never-seen selectors at each retry
 * --hub-jar PATH          the service's quarkus-run.jar (target/quarkus-app/quarkus-run.jar)
 * --before-jar PATH       another build of sse-hub, measured too as "sse-hub-before" (A/B of a change)
 * --jar NAME=PATH[,OPT..] another build of sse-hub (or the same with other JVM options, after
 *                         commas), measured too as "sse-hub-NAME"; repeatable
 * --hub-opt OPTION        an extra JVM option for sse-hub, repeatable
 * --nchan-script PATH     bench/nchan/nchan.sh
 * --out DIR               where CSVs and server logs go (bench/results/RUN-ID)
 * --report FILE           write the report there (BENCHMARKS.md) from the template
 * --charts DIR            where the report's PNG charts go (docs/bench)
 * --report-only DIR       only (re)write the report from the CSVs of an earlier run
 * </pre>
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.full();
        String mode = "full";
        List<String> servers = List.of("nchan", "sse-hub");
        List<String> workloads = List.of(LowRateWorkload.NAME, StartupWorkload.NAME, ConnectWorkload.NAME, IdleWorkload.NAME,
                FanoutWorkload.NAME);
        Path hubJar = Path.of("target/quarkus-app/quarkus-run.jar");
        Path beforeJar = null;
        List<String> otherJars = new ArrayList<>();
        List<String> hubOptions = new ArrayList<>();
        Path nchanScript = Path.of("bench/nchan/nchan.sh");
        Path out = null;
        Path report = null;
        Path template = Path.of("bench/BENCHMARKS.template.md");
        Path charts = Path.of("docs/bench");
        Path reportOnly = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    settings = Settings.quick();
                    mode = "quick";
                }
                case "--servers" -> servers = Arrays.asList(args[++i].split(","));
                case "--workloads" -> workloads = Arrays.asList(args[++i].split(","));
                case "--fanout-counts" -> settings = settings.withFanoutCounts(counts(args[++i]));
                case "--idle-counts" -> settings = settings.withIdleCounts(counts(args[++i]));
                case "--lowrate-rates" -> settings = settings.withLowRate(settings.lowRate().withRates(
                        Arrays.stream(args[++i].split(",")).map(Double::valueOf).toList()));
                case "--lowrate-subscribers" -> settings = settings.withLowRate(settings.lowRate().withSubscribers(
                        Integer.parseInt(args[++i])));
                case "--repeats" -> settings = settings.withRepeats(Integer.parseInt(args[++i]));
                case "--flood-attacker-addresses" -> settings = settings.withFloodAttackerAddresses(Integer.parseInt(args[++i]));
                case "--flood-fresh-selectors" -> settings = settings.withFloodFreshSelectors(true);
                case "--hub-jar" -> hubJar = Path.of(args[++i]);
                case "--before-jar" -> beforeJar = Path.of(args[++i]);
                case "--jar" -> otherJars.add(args[++i]);
                case "--hub-opt" -> hubOptions.add(args[++i]);
                case "--nchan-script" -> nchanScript = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                case "--template" -> template = Path.of(args[++i]);
                case "--charts" -> charts = Path.of(args[++i]);
                case "--report-only" -> reportOnly = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see BenchMain's javadoc)");
            }
        }
        if (reportOnly != null) {
            Report.write(reportOnly, template, report != null ? report : Path.of("BENCHMARKS.md"), charts);
            return;
        }
        if (out == null) {
            out = Path.of("bench/results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + mode);
        }
        Files.createDirectories(out);
        List<Server> targets = new ArrayList<>();
        for (String name : servers) {
            targets.add(switch (name) {
                case "nchan" -> new NchanServer(nchanScript);
                case "sse-hub" -> new SseHubServer("sse-hub", hubJar, hubOptions);
                case "sse-hub-quiet" -> new SseHubServer("sse-hub-quiet", hubJar, quiet(hubOptions));
                default -> throw new IllegalArgumentException("unknown server " + name + " (nchan, sse-hub, sse-hub-quiet)");
            });
        }
        if (beforeJar != null) {
            targets.add(new SseHubServer("sse-hub-before", beforeJar, hubOptions));
            servers = new ArrayList<>(servers);
            servers.add("sse-hub-before");
        }
        for (String other : otherJars) {
            int eq = other.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--jar wants NAME=PATH, got " + other);
            }
            String name = "sse-hub-" + other.substring(0, eq);
            List<String> parts = Arrays.asList(other.substring(eq + 1).split(","));
            List<String> options = new ArrayList<>(hubOptions);
            options.addAll(parts.subList(1, parts.size()));
            targets.add(new SseHubServer(name, Path.of(parts.get(0)), options));
            servers = new ArrayList<>(servers);
            // Described with its jar and options, so that run.txt says what each name measured.
            servers.add(name + " (" + String.join(" ", parts) + ")");
        }
        // Appended: a second invocation may add to the same run (bench/run.sh does).
        Files.writeString(out.resolve("run.txt"), RunInfo.describe(mode, settings, servers, hubOptions) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("Results in " + out);
        try (Generator generator = new Generator()) {
            Bench bench = new Bench(generator, settings, out);
            for (int repeat = 1; repeat <= settings.repeats(); repeat++) {
                for (String workload : workloads) {
                    runWorkload(bench, workload, targets, repeat);
                }
            }
        }
        if (report != null) {
            Report.write(out, template, report, charts);
        }
    }

    // Each connect and disconnect of sse-hub publishes a Subscription update into the history by
    // default: this variant shows what holding connections costs without that.
    private static List<String> quiet(List<String> hubOptions) {
        List<String> options = new ArrayList<>(hubOptions);
        options.add("-Dhub.subscriptions=false");
        return options;
    }

    private static List<Integer> counts(String list) {
        return Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
    }

    private static void runWorkload(Bench bench, String workload, List<Server> targets, int repeat) {
        Settings settings = bench.settings();
        switch (workload) {
            case LowRateWorkload.NAME -> targets.forEach(server -> guarded(workload, server,
                    () -> LowRateWorkload.run(bench, server, repeat)));
            case StartupWorkload.NAME -> targets.forEach(server -> guarded(workload, server,
                    () -> StartupWorkload.run(bench, server, repeat)));
            case ConnectWorkload.NAME -> settings.connectCounts().forEach(count -> targets.forEach(server -> guarded(workload,
                    server, () -> ConnectWorkload.run(bench, server, count, repeat))));
            case IdleWorkload.NAME -> targets.forEach(server -> guarded(workload, server,
                    () -> IdleWorkload.run(bench, server, settings.idleCounts(), repeat)));
            case FanoutWorkload.NAME -> settings.fanoutCounts().forEach(count -> targets.forEach(server -> guarded(workload,
                    server, () -> FanoutWorkload.run(bench, server, count, repeat))));
            case FloodWorkload.NAME -> targets.forEach(server -> {
                if (server instanceof SseHubServer hub) {
                    guarded(workload, server, () -> FloodWorkload.run(bench, hub, repeat));
                } else {
                    System.err.println("[" + workload + "] " + server.name()
                            + " skipped: the flood needs sse-hub's URI Templates and health checks");
                }
            });
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
    }

    /** A measurement that may fail; a failure is reported and the run goes on with the next one. */
    @FunctionalInterface
    private interface Measurement {
        void run() throws Exception;
    }

    private static void guarded(String workload, Server server, Measurement measurement) {
        try {
            measurement.run();
        } catch (Exception e) {
            System.err.println("[" + workload + "] " + server.name() + " failed: " + e);
            e.printStackTrace();
        }
    }
}
