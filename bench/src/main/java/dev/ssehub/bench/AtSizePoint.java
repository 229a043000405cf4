package dev.ssehub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/**
 * One point of {@link AtSizeMain}: its Redis, replicas and generator processes, started fresh,
 * measured phase by phase, and stopped at the end, whatever happened.
 */
final class AtSizePoint {

    private static final String KEY_PREFIX = "at-size";
    // As docker/Dockerfile.jvm, plus a heap with room for ~17k subscribers (about 8 KB each, BENCHMARKS.md).
    private static final List<String> HUB_JVM = List.of("-XX:+UseParallelGC", "-Xmx1g",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    private static final List<String> GENERATOR_JVM = List.of("-XX:+UseParallelGC", "-Xmx1g");
    private static final int FIRST_ADDRESS = 20;
    private static final int WARM_UP_STEP = 0;
    private static final long WARM_UP_MILLIS = 10_000;
    private static final long IDLE_MILLIS = 20_000;
    private static final long LIFETIME_SECONDS = TimeUnit.MINUTES.toSeconds(40);
    private static final long CONNECT_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(15);
    // After the publisher stops: how long deliveries may take at most, and how long they may stall.
    private static final long DRAIN_MILLIS = 180_000;
    private static final long STALL_MILLIS = 15_000;
    private static final long ASK_MILLIS = 60_000;

    private final Generator generator;
    private final Path dir;
    private final int subscribers;
    private final int replicas;
    private final int addresses;
    private final Path hubJar;
    private final List<String> hubOptions;
    private final List<RunningServer> hubs = new ArrayList<>();
    private final List<GeneratorProcess> generators = new ArrayList<>();
    private RedisServer redis;

    AtSizePoint(Generator generator, Path dir, int subscribers, int replicas, int addresses, Path hubJar, List<String> hubOptions) {
        this.generator = generator;
        this.dir = dir;
        this.subscribers = subscribers;
        this.replicas = replicas;
        this.addresses = addresses;
        this.hubJar = hubJar;
        this.hubOptions = hubOptions;
    }

    List<Map<String, Object>> run(List<Double> rates, long phaseMillis) throws Exception {
        try {
            start();
            int open = connect();
            try (Publisher publisher = new Publisher(generator, hubs.get(0), AtSizeSubscribers.TOPIC, 30)) {
                Publisher.Result warmUp = publisher.run(WARM_UP_STEP, 1.0, WARM_UP_MILLIS);
                awaitDeliveries(WARM_UP_STEP, warmUp.accepted() * open);
                Sample idleStart = sample();
                Thread.sleep(IDLE_MILLIS);
                Sample idle = sample().minus(idleStart);
                System.out.println("idle: " + idle);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < rates.size(); i++) {
                    rows.add(phase(publisher, i + 1, rates.get(i), phaseMillis, open, idle));
                }
                addQuantiles(rows, open);
                for (Map<String, Object> row : rows) {
                    Csv.append(dir.getParent().resolve("at-size.csv"), row);
                    System.out.println("[at-size] " + row);
                }
                return rows;
            }
        } finally {
            stop();
        }
    }

    private void start() throws IOException, InterruptedException {
        redis = RedisServer.start(dir.resolve("redis"), LIFETIME_SECONDS);
        List<String> options = new ArrayList<>(HUB_JVM);
        options.addAll(List.of("-Dhub.transport=redis", "-Dquarkus.redis.hosts=redis://127.0.0.1:" + redis.port(),
                "-Dhub.redis.key-prefix=" + KEY_PREFIX,
                // Every replica names the same hub, as docs/SCALE-OUT.md asks.
                "-Dhub.resource=http://127.0.0.1/.well-known/mercure",
                "-Dquarkus.log.console.json.enabled=false"));
        options.addAll(hubOptions);
        String cpus = "0-" + (Runtime.getRuntime().availableProcessors() - 1);
        for (int r = 0; r < replicas; r++) {
            Server hub = new BoundedServer(new SseHubServer("replica-" + r, hubJar, options), LIFETIME_SECONDS);
            hubs.add(RunningServer.start(hub, cpus, dir.resolve("replica-" + r), false));
        }
        for (RunningServer hub : hubs) {
            hub.awaitFirstByte(180_000);
        }
    }

    /** Opens every subscription, a share per replica from a process of its own; returns how many are open. */
    private int connect() throws IOException, InterruptedException, TimeoutException {
        long start = System.nanoTime();
        for (int r = 0; r < replicas; r++) {
            int share = subscribers / replicas + (r < subscribers % replicas ? 1 : 0);
            generators.add(GeneratorProcess.start(hubs.get(r).port(), share, FIRST_ADDRESS + r * addresses, addresses,
                    LIFETIME_SECONDS, GENERATOR_JVM, dir.resolve("generator-" + r + ".log")));
        }
        int open = 0;
        for (GeneratorProcess process : generators) {
            String answer = process.awaitOpened(CONNECT_TIMEOUT_MILLIS);
            System.out.println("generator " + process.pid() + ": " + answer);
            open += Integer.parseInt(answer.split(" ")[1]);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "%d of %d subscriptions open in %.1f s; replicas' RSS %s MB%n", open, subscribers,
                millis / 1e3, rssMegabytes());
        Files.writeString(dir.resolve("connect.txt"), "open " + open + " of " + subscribers + " in " + millis + " ms\nrss_mb "
                + rssMegabytes() + "\n");
        return open;
    }

    private Map<String, Object> phase(Publisher publisher, int step, double rate, long millis, int open, Sample idle)
            throws Exception {
        Sample before = sample();
        Publisher.Result published = publisher.run(step, rate, millis);
        long expected = published.accepted() * open;
        long delivered = awaitDeliveries(step, expected);
        Sample used = sample().minus(before);
        long updates = Math.max(1, published.accepted());
        double background = used.seconds() / idle.seconds();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("subscribers", subscribers);
        row.put("replicas", replicas);
        row.put("open", open);
        row.put("step", step);
        row.put("rate_per_s", rate);
        row.put("published", published.accepted());
        row.put("failed", published.failed());
        row.put("expected", expected);
        row.put("delivered", delivered);
        row.put("window_s", used.seconds());
        row.put("redis_cpu_us_per_update", (double) used.redisCpuMicros() / updates);
        row.put("redis_cpu_us_per_update_net", (used.redisCpuMicros() - background * idle.redisCpuMicros()) / updates);
        row.put("redis_rusage_us_per_update", (double) used.redisRusageMicros() / updates);
        row.put("redis_rusage_us_per_update_net", (used.redisRusageMicros() - background * idle.redisRusageMicros()) / updates);
        row.put("redis_in_bytes_per_update", (double) used.netIn() / updates);
        row.put("redis_out_bytes_per_update", (double) used.netOut() / updates);
        row.put("redis_in_bytes_per_update_net", (used.netIn() - background * idle.netIn()) / updates);
        row.put("redis_out_bytes_per_update_net", (used.netOut() - background * idle.netOut()) / updates);
        row.put("redis_commands_per_update_net", (used.commands() - background * idle.commands()) / updates);
        row.put("redis_cpu_pct", 100.0 * used.redisCpuMicros() / (used.seconds() * 1e6));
        row.put("idle_redis_cpu_pct", 100.0 * idle.redisCpuMicros() / (idle.seconds() * 1e6));
        row.put("hubs_cpu_pct", 100.0 * used.hubsCpuMicros() / (used.seconds() * 1e6));
        row.put("generators_cpu_pct", 100.0 * used.generatorsCpuMicros() / (used.seconds() * 1e6));
        row.put("hubs_cpu_us_per_delivery", delivered == 0 ? Double.NaN : (double) used.hubsCpuMicros() / delivered);
        row.put("redis_used_memory_mb", Long.parseLong(redis.info().get("used_memory")) / 1e6);
        row.put("replica_rss_mb", rssMegabytes());
        row.put("load_average", Files.readString(Path.of("/proc/loadavg")).trim());
        return row;
    }

    /** Waits until {@code expected} events of {@code step} arrived, or they stall, or the drain time runs out. */
    private long awaitDeliveries(int step, long expected) throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        long last = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long received = 0;
            for (GeneratorProcess process : generators) {
                received += Long.parseLong(process.ask("received " + step, ASK_MILLIS).split(" ")[1]);
            }
            long now = System.nanoTime();
            if (received >= expected || now > deadline
                    || (received == last && now - lastProgress > TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS))) {
                if (received < expected) {
                    System.out.println("step " + step + ": " + received + " of " + expected + " deliveries arrived");
                }
                return received;
            }
            if (received != last) {
                last = received;
                lastProgress = now;
            }
            Thread.sleep(100);
        }
    }

    /**
     * Adds to each phase's row how long its probes took to reach 50 %, 99 % and 100 % of the
     * {@code open} subscribers: the median and the worst probe. Every probe's times are also kept
     * in {@code probes.csv}.
     */
    private void addQuantiles(List<Map<String, Object>> rows, int open) throws IOException, InterruptedException, TimeoutException {
        Map<String, Histogram> probes = new TreeMap<>();
        for (int g = 0; g < generators.size(); g++) {
            Path dump = dir.resolve("probes-" + g + ".txt").toAbsolutePath();
            generators.get(g).ask("dump " + dump, ASK_MILLIS);
            for (String line : Files.readAllLines(dump)) {
                int comma = line.lastIndexOf(',');
                Histogram histogram = AtSizeSubscribers.decode(line.substring(comma + 1));
                probes.merge(line.substring(0, comma), histogram, (a, b) -> {
                    a.add(b);
                    return a;
                });
            }
        }
        for (Map<String, Object> row : rows) {
            int step = (int) row.get("step");
            List<double[]> times = new ArrayList<>();
            for (Map.Entry<String, Histogram> probe : probes.entrySet()) {
                String[] key = probe.getKey().split(",");
                if (Integer.parseInt(key[0]) != step) {
                    continue;
                }
                double[] quantiles = {reach(probe.getValue(), open, 0.5), reach(probe.getValue(), open, 0.99),
                    reach(probe.getValue(), open, 1.0)};
                times.add(quantiles);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("subscribers", subscribers);
                line.put("step", step);
                line.put("sent_nanos", Long.parseLong(key[1]));
                line.put("received", probe.getValue().getTotalCount());
                line.put("reach_50_ms", quantiles[0]);
                line.put("reach_99_ms", quantiles[1]);
                line.put("reach_100_ms", quantiles[2]);
                Csv.append(dir.getParent().resolve("probes.csv"), line);
            }
            row.put("probes", times.size());
            row.put("probes_complete", times.stream().filter(t -> !Double.isNaN(t[2])).count());
            String[] names = {"50", "99", "100"};
            for (int q = 0; q < names.length; q++) {
                int index = q;
                double[] sorted = times.stream().mapToDouble(t -> Double.isNaN(t[index]) ? Double.POSITIVE_INFINITY : t[index])
                        .sorted().toArray();
                row.put("reach_" + names[q] + "_median_ms", sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2]);
                row.put("reach_" + names[q] + "_worst_ms", sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
            }
        }
    }

    private Sample sample() throws IOException {
        Map<String, String> info = redis.info();
        long hubsCpu = hubs.stream().mapToLong(RunningServer::cpuMicros).sum();
        // /proc counts in ticks of 10 ms, too coarse for tens of updates; Redis' own getrusage has microseconds.
        long rusage = Math.round((Double.parseDouble(info.get("used_cpu_user")) + Double.parseDouble(info.get("used_cpu_sys"))) * 1e6);
        return new Sample(System.nanoTime(), redis.cpuMicros(), rusage, Long.parseLong(info.get("total_net_input_bytes")),
                Long.parseLong(info.get("total_net_output_bytes")), Long.parseLong(info.get("total_commands_processed")),
                Long.parseLong(info.get("reply_bytes")), hubsCpu,
                generators.stream().mapToLong(process -> ProcStats.cpuMicros(process.pid())).sum());
    }

    private String rssMegabytes() {
        return hubs.stream().map(hub -> String.format(Locale.ROOT, "%.0f", hub.rssBytes() / 1e6)).collect(Collectors.joining(" "));
    }

    private void stop() throws InterruptedException {
        for (GeneratorProcess process : generators) {
            process.close();
        }
        for (RunningServer hub : hubs) {
            hub.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /**
     * Milliseconds until {@code fraction} of {@code open} subscribers had the probe whose
     * publish-to-receive times (microseconds) {@code histogram} holds; NaN if fewer ever had it.
     */
    static double reach(Histogram histogram, int open, double fraction) {
        long needed = (long) Math.ceil(fraction * open);
        long count = histogram.getTotalCount();
        if (count < needed || count == 0) {
            return Double.NaN;
        }
        return histogram.getValueAtPercentile(Math.min(100.0, 100.0 * needed / count)) / 1e3;
    }

    /**
     * Counters at one moment, or the difference of two: Redis' CPU and network bytes (less what the
     * readings' own {@code INFO} requests added) and commands, and the replicas' CPU.
     */
    private record Sample(long nanos, long redisCpuMicros, long redisRusageMicros, long netIn, long netOut, long commands, long infoReplyBytes,
            long hubsCpuMicros, long generatorsCpuMicros) {

        /** What happened from {@code earlier} to this one. */
        Sample minus(Sample earlier) {
            // The later INFO request is counted in this reading, the earlier INFO's reply too; the
            // earlier INFO command is counted once in the commands.
            return new Sample(nanos - earlier.nanos, redisCpuMicros - earlier.redisCpuMicros,
                    redisRusageMicros - earlier.redisRusageMicros,
                    netIn - earlier.netIn - RedisServer.INFO_REQUEST_BYTES, netOut - earlier.netOut - earlier.infoReplyBytes,
                    commands - earlier.commands - 1, 0, hubsCpuMicros - earlier.hubsCpuMicros,
                    generatorsCpuMicros - earlier.generatorsCpuMicros);
        }

        double seconds() {
            return nanos / 1e9;
        }
    }
}
