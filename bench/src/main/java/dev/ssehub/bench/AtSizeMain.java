package dev.ssehub.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scale-out benchmark at size (issue 18, {@code bench/at-size.sh}): one {@code redis-server},
 * several sse-hub replicas on it (prod jars, {@code hub.transport=redis}, one key prefix, the JVM
 * options of {@code docker/Dockerfile.jvm}), and one {@link AtSizeSubscribers} process per replica
 * holding that replica's share of the subscribers, all on one topic. Probe updates are published to
 * the first replica at each rate in turn; for each probe it reports how long until 50 %, 99 % and
 * 100 % of all subscribers had it, and per update the CPU time and network bytes Redis spent, and
 * each replica's RSS. Every process is bounded by its lifetime, and everything stays on loopback.
 *
 * <pre>
 * --subscribers N,N   the points, one fresh Redis and replicas each (100000,6000)
 * --replicas N        hub replicas, and generator processes (6)
 * --rates R,R         probe updates per second, one phase each (1,10)
 * --seconds S         length of each phase (20)
 * --addresses N       127.0.0.x source addresses per generator process, from 127.0.0.20 on (3)
 * --hub-jar PATH      target/quarkus-app/quarkus-run.jar
 * --hub-opt OPTION    an extra JVM option for every replica, repeatable
 * --out DIR           bench/results/at-size-RUN-ID
 * </pre>
 */
public final class AtSizeMain {

    private AtSizeMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            // The event loop's thread would keep the JVM alive.
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        List<Integer> points = List.of(100_000, 6_000);
        int replicas = 6;
        List<Double> rates = List.of(1.0, 10.0);
        long phaseMillis = 20_000;
        int addresses = 3;
        Path hubJar = Path.of("target/quarkus-app/quarkus-run.jar");
        List<String> hubOptions = new ArrayList<>();
        Path out = Path.of("bench/results", "at-size-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--subscribers" -> points = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--replicas" -> replicas = Integer.parseInt(args[++i]);
                case "--rates" -> rates = Arrays.stream(args[++i].split(",")).map(Double::valueOf).toList();
                case "--seconds" -> phaseMillis = Long.parseLong(args[++i]) * 1_000;
                case "--addresses" -> addresses = Integer.parseInt(args[++i]);
                case "--hub-jar" -> hubJar = Path.of(args[++i]);
                case "--hub-opt" -> hubOptions.add(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see AtSizeMain's javadoc)");
            }
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("run.txt"), "started: " + Instant.now() + "\narguments: " + String.join(" ", args)
                + "\nload average at start: " + Files.readString(Path.of("/proc/loadavg")).trim()
                + "\njava: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n");
        System.out.println("Results in " + out);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Generator generator = new Generator()) {
            for (int subscribers : points) {
                AtSizePoint point = new AtSizePoint(generator, out.resolve("n" + subscribers), subscribers, replicas,
                        addresses, hubJar, hubOptions);
                rows.addAll(point.run(rates, phaseMillis));
            }
        } finally {
            // The points that finished, even when a later one failed.
            String table = table(rows);
            Files.writeString(out.resolve("at-size.md"), table, StandardCharsets.UTF_8);
            System.out.println(table);
        }
    }

    private static String table(List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| Subscribers | Updates/s | Published | Delivered of expected | 50 % reached (ms, median / worst probe) "
                + "| 99 % reached | 100 % reached | Redis CPU µs/update: /proc, rusage (rusage net of idle) | Redis bytes in/out per update (net of idle) "
                + "| Redis CPU % | Replicas' RSS (MB) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> row : rows) {
            out.append(String.format(Locale.ROOT, "| %,d | %s | %d | %,d of %,d | %s | %s | %s | %.0f, %.0f (%.0f) | %.0f / %.0f (%.0f / %.0f) | %.1f | %s |%n",
                    (int) row.get("open"), Csv.cell(row.get("rate_per_s")), (long) row.get("published"), (long) row.get("delivered"),
                    (long) row.get("expected"), pair(row, "50"), pair(row, "99"), pair(row, "100"),
                    (double) row.get("redis_cpu_us_per_update"), (double) row.get("redis_rusage_us_per_update"),
                    (double) row.get("redis_rusage_us_per_update_net"),
                    (double) row.get("redis_in_bytes_per_update"), (double) row.get("redis_out_bytes_per_update"),
                    (double) row.get("redis_in_bytes_per_update_net"), (double) row.get("redis_out_bytes_per_update_net"),
                    (double) row.get("redis_cpu_pct"), row.get("replica_rss_mb")));
        }
        return out.toString();
    }

    private static String pair(Map<String, Object> row, String quantile) {
        return String.format(Locale.ROOT, "%.0f / %.0f", (double) row.get("reach_" + quantile + "_median_ms"),
                (double) row.get("reach_" + quantile + "_worst_ms"));
    }
}
