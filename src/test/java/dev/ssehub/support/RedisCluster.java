package dev.ssehub.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of three masters without replicas (the Debian package {@code redis-server}, which
 * {@code .ci/run} installs), as child processes on free loopback ports, each with its files under
 * {@code target/redis-cluster/<port>/}, for the tests of {@code quarkus.redis.client-type=cluster}.
 * {@code redis-cli --cluster create} shares the 16384 slots out among them. Not thread-safe: one
 * test class drives it.
 */
public final class RedisCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int MASTERS = 3;
    // A node also listens on its cluster bus, at its port plus this.
    private static final int BUS_OFFSET = 10000;
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);

    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    private RedisCluster() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-redis-cluster"));
    }

    /** Starts three masters, joins them into a cluster and waits until every node says it is {@code ok}. */
    public static RedisCluster start() {
        RedisCluster cluster = new RedisCluster();
        try {
            cluster.launch();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void launch() {
        for (int i = 0; i < MASTERS; i++) {
            // Drawn once the nodes before it listen, on both of their ports, so that none is drawn twice.
            int port = portWithFreeBus();
            redisServer(port);
            ports.add(port);
        }
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        ports.forEach(port -> create.add(HOST + ":" + port));
        create.add("--cluster-yes");
        String created = RedisCli.run(ports.get(0), Duration.ofSeconds(30), create.toArray(String[]::new));
        if (!created.contains("All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + created);
        }
        await("a cluster that every node says is ok").atMost(START_DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> ports.stream().allMatch(port -> cliQuietly(port, "CLUSTER", "INFO")
                        .contains("cluster_state:ok")));
    }

    /** {@code redis://127.0.0.1:<port>,…} of the masters, for {@code quarkus.redis.hosts}. */
    public String hosts() {
        return ports.stream().map(port -> "redis://" + HOST + ":" + port).collect(Collectors.joining(","));
    }

    /** The masters' ports. */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The hash slot of {@code key} ({@code CLUSTER KEYSLOT}), which follows its hash tag if it has one. */
    public int keySlot(String key) {
        return Integer.parseInt(cli(ports.get(0), "CLUSTER", "KEYSLOT", key).strip());
    }

    /** The port of the master that serves {@code slot}, from {@code CLUSTER NODES}. */
    public int ownerOf(int slot) {
        return ownerOf(ports.get(0), slot);
    }

    /** The port of the master that serves {@code slot} according to the node on {@code askedPort}. */
    private int ownerOf(int askedPort, int slot) {
        for (String line : cli(askedPort, "CLUSTER", "NODES").lines().toList()) {
            // <id> <ip:port@bus-port> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...
            String[] fields = line.strip().split(" ");
            if (fields.length < 9 || !fields[2].contains("master")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;  // a slot being migrated or imported
                }
                int first = Integer.parseInt(range[0]);
                int last = range.length == 2 ? Integer.parseInt(range[1]) : first;
                if (first <= slot && slot <= last) {
                    String address = fields[1].split("@")[0];
                    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                }
            }
        }
        throw new IllegalStateException("No master serves slot " + slot);
    }

    /**
     * Moves {@code slot} with its keys to the master on {@code toPort}, as resharding does
     * ({@code CLUSTER SETSLOT … IMPORTING/MIGRATING}, {@code MIGRATE}, then {@code SETSLOT … NODE} on
     * every master), and waits until every master says {@code toPort} owns it.
     */
    public void moveSlot(int slot, int toPort) {
        int fromPort = ownerOf(slot);
        String from = nodeId(fromPort);
        String to = nodeId(toPort);
        String number = Integer.toString(slot);
        checked(toPort, "CLUSTER", "SETSLOT", number, "IMPORTING", from);
        checked(fromPort, "CLUSTER", "SETSLOT", number, "MIGRATING", to);
        List<String> keys;
        while (!(keys = cli(fromPort, "CLUSTER", "GETKEYSINSLOT", number, "100").lines()
                .filter(line -> !line.isBlank()).toList()).isEmpty()) {
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", HOST, Integer.toString(toPort), "", "0", "5000", "KEYS"));
            migrate.addAll(keys);
            checked(fromPort, migrate.toArray(String[]::new));
        }
        // The new owner first, then the old one, so that no node sends clients to a node that refuses them.
        checked(toPort, "CLUSTER", "SETSLOT", number, "NODE", to);
        checked(fromPort, "CLUSTER", "SETSLOT", number, "NODE", to);
        ports.stream().filter(port -> port != toPort && port != fromPort)
                .forEach(port -> checked(port, "CLUSTER", "SETSLOT", number, "NODE", to));
        await("slot " + slot + " on port " + toPort + " for every master").atMost(START_DEADLINE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ports.stream().allMatch(port -> ownerOf(port, slot) == toPort));
    }

    private String nodeId(int port) {
        return cli(port, "CLUSTER", "MYID").strip();
    }

    /** Runs a command that answers {@code OK}, failing when it does not. */
    private void checked(int port, String... arguments) {
        String answer = cli(port, arguments).strip();
        if (!answer.equals("OK")) {
            throw new IllegalStateException(String.join(" ", arguments) + " on port " + port + " answered " + answer);
        }
    }

    /** Every key stored on the node on {@code port} ({@code KEYS *}: a test's few keys), sorted. */
    public List<String> keysOn(int port) {
        return cli(port, "KEYS", "*").lines().filter(line -> !line.isBlank()).sorted().toList();
    }

    /** Runs {@code redis-cli} against the node on {@code port} and returns its output. */
    public String cli(int port, String... arguments) {
        return RedisCli.run(port, arguments);
    }

    private String cliQuietly(int port, String... arguments) {
        return RedisCli.quietly(port, arguments);
    }

    /** A free port whose cluster bus port is free too. */
    private static int portWithFreeBus() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = AppProcess.freePort();
            if (port + BUS_OFFSET <= 65535 && isFree(port + BUS_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port on " + HOST + " with a free port " + BUS_OFFSET + " above it");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void redisServer(int port) {
        Path dir = Path.of("target", "redis-cluster", Integer.toString(port)).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            // A node takes its identity and the cluster's shape from nodes.conf: a port used before starts afresh.
            Files.deleteIfExists(dir.resolve("nodes.conf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", HOST,
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "", "--appendonly", "no",
                "--dir", dir.toString());
        Process server;
        try {
            server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run redis-server (install the Debian package redis-server; "
                    + ".ci/run does): " + e.getMessage(), e);
        }
        processes.add(server);
        await("redis-server on port " + port).atMost(START_DEADLINE).pollInterval(Duration.ofMillis(50))
                .failFast("redis-server exited; see " + dir, () -> !server.isAlive())
                .until(() -> cliQuietly(port, "PING").strip().equals("PONG"));
    }

    /** Kills every node. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
    }
}
