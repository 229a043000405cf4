package dev.ssehub.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis master, one replica or more and three {@code redis-sentinel}s watching them (the Debian packages
 * {@code redis-server} and {@code redis-sentinel}, which {@code .ci/run} installs), all as child
 * processes on free loopback ports with their files under {@code target/sentinel/<master port>/},
 * for failover tests. Everyone reaches the master through a {@link TcpRelay}, the replica included,
 * so that a test can hold replication back or cut the sentinels off; Sentinel would re-point a
 * replica whose master address differed from its own. Not thread-safe: one test class drives it.
 */
public final class SentinelGroup implements AutoCloseable {

    /** The name the sentinels know the master by ({@code quarkus.redis.master-name}). */
    public static final String MASTER_NAME = "sse-hub";

    private static final String HOST = "127.0.0.1";
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);

    private final Path dir;
    private final int masterPort = AppProcess.freePort();
    // Each port is drawn once the servers before it listen, so that none is drawn twice.
    private final List<Integer> replicaPorts = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private Process master;
    private TcpRelay relay;

    private SentinelGroup() {
        dir = Path.of("target", "sentinel", Integer.toString(masterPort)).toAbsolutePath();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-sentinel-group-" + masterPort));
    }

    /**
     * Starts the master, the relay, the replica and the sentinels, with {@code downAfter} as the
     * time a sentinel waits before it thinks the master is down, and waits until the replica is in
     * sync and every sentinel knows the replica and the two other sentinels.
     */
    public static SentinelGroup start(Duration downAfter) {
        return start(downAfter, 1);
    }

    /**
     * Like {@link #start(Duration)} with {@code replicas} replicas: with two, the master promoted by a
     * failover has a replica of its own, as {@code hub.redis.min-replicas=1} needs to go on publishing.
     */
    public static SentinelGroup start(Duration downAfter, int replicas) {
        SentinelGroup group = new SentinelGroup();
        try {
            group.launch(downAfter, replicas);
        } catch (RuntimeException e) {
            group.close();
            throw e;
        }
        return group;
    }

    private void launch(Duration downAfter, int replicas) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        master = redisServer(masterPort);
        relay = TcpRelay.to(masterPort);
        for (int i = 0; i < replicas; i++) {
            int port = AppProcess.freePort();
            redisServer(port, "--replicaof", HOST, Integer.toString(relay.port()));
            replicaPorts.add(port);
        }
        for (int i = 0; i < 3; i++) {
            int port = AppProcess.freePort();
            sentinel(port, downAfter);
            sentinelPorts.add(port);
        }
        await("the replicas in sync and three sentinels that know each other").atMost(START_DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> replicaPorts.stream().allMatch(port -> cliQuietly(port, "INFO", "replication")
                        .contains("master_link_status:up"))
                        && sentinelPorts.stream().allMatch(this::seesEveryone));
    }

    /** {@code redis://127.0.0.1:<port>,…} of the sentinels, for {@code quarkus.redis.hosts}. */
    public String sentinelHosts() {
        return sentinelPorts.stream().map(port -> "redis://" + HOST + ":" + port).collect(Collectors.joining(","));
    }

    /** The port the master is known by to everyone: its relay's. */
    public int masterAddressPort() {
        return relay.port();
    }

    /** The first replica's port; with one replica, the master's after a failover. */
    public int replicaPort() {
        return replicaPorts.get(0);
    }

    /** The port of the master the sentinels agree on and that says it is one, or -1 while there is none. */
    public int masterPort() {
        List<Integer> seen = masterPortsSeenBySentinels();
        int port = seen.get(0);
        boolean agreed = port > 0 && seen.stream().allMatch(p -> p == port);
        return agreed && cliQuietly(port, "ROLE").lines().findFirst().orElse("").equals("master") ? port : -1;
    }

    /** Holds back replication from the master to the replica for {@code duration}, from now. */
    public void holdReplication(Duration duration) {
        relay.holdReplication(duration);
    }

    /**
     * Cuts the sentinels off the master while everyone else still reaches it, as a network
     * partition would: the sentinels fail over to the replica, and the old master, which they
     * cannot reach to demote, goes on as a master of its own.
     */
    public void cutSentinelsFromMaster() {
        relay.cutSentinels();
    }

    /**
     * Kills the master with {@code SIGKILL} and takes its address away (the relay closes, so that
     * connecting to it is refused), losing whatever replication held back.
     */
    public void killMaster() {
        master.destroyForcibly();
        try {
            master.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        relay.close();
    }

    /**
     * Waits until every sentinel names the same replica as the master and that replica says it is
     * one, and, with more replicas, until the others replicate from it; returns its port.
     */
    public int awaitFailover(Duration atMost) {
        await("a sentinel failover to a replica").atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> replicaPorts.contains(masterPort()) && replicaPorts.stream()
                        .filter(port -> port != masterPort())
                        .allMatch(port -> cliQuietly(port, "INFO", "replication").contains("master_link_status:up")));
        return masterPort();
    }

    /** The master's port according to each sentinel ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}), -1 when one does not answer. */
    private List<Integer> masterPortsSeenBySentinels() {
        List<Integer> ports = new ArrayList<>();
        for (int port : sentinelPorts) {
            String[] address = cliQuietly(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).strip().split("\\s+");
            ports.add(address.length == 2 ? Integer.parseInt(address[1]) : -1);
        }
        return ports;
    }

    /** Runs {@code redis-cli} against the server on {@code port} and returns its output. */
    public String cli(int port, String... arguments) {
        return RedisCli.run(port, arguments);
    }

    private String cliQuietly(int port, String... arguments) {
        return RedisCli.quietly(port, arguments);
    }

    private boolean seesEveryone(int sentinelPort) {
        String master = cliQuietly(sentinelPort, "SENTINEL", "MASTER", MASTER_NAME);
        List<String> lines = master.lines().toList();
        return "2".equals(after(lines, "num-other-sentinels")) && Integer.toString(replicaPorts.size()).equals(after(lines, "num-slaves"));
    }

    private static String after(List<String> lines, String field) {
        int at = lines.indexOf(field);
        return at >= 0 && at + 1 < lines.size() ? lines.get(at + 1) : null;
    }

    private Process redisServer(int port, String... extra) {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(List.of(extra));
        Process server = run(command, "redis-" + port);
        await("redis-server on port " + port).atMost(START_DEADLINE).pollInterval(Duration.ofMillis(50))
                .failFast("redis-server exited; see " + dir, () -> !server.isAlive())
                .until(() -> cliQuietly(port, "PING").strip().equals("PONG"));
        return server;
    }

    private void sentinel(int port, Duration downAfter) {
        // Each sentinel rewrites its own file with what it learns: one file each.
        Path config = dir.resolve("sentinel-" + port + ".conf");
        String text = String.join("\n",
                "port " + port,
                "bind " + HOST,
                "dir " + dir,
                "sentinel monitor " + MASTER_NAME + " " + HOST + " " + relay.port() + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfter.toMillis(),
                "sentinel failover-timeout " + MASTER_NAME + " 3000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                "");
        try {
            Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process sentinel = run(List.of("redis-sentinel", config.toString()), "sentinel-" + port);
        await("redis-sentinel on port " + port).atMost(START_DEADLINE).pollInterval(Duration.ofMillis(50))
                .failFast("redis-sentinel exited; see " + dir, () -> !sentinel.isAlive())
                .until(() -> cliQuietly(port, "PING").strip().equals("PONG"));
    }

    private Process run(List<String> command, String logName) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(logName + ".log").toFile()).start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command.get(0) + " (install the Debian packages "
                    + "redis-server and redis-sentinel; .ci/run does): " + e.getMessage(), e);
        }
    }

    /** Kills every process of the group and closes the relay. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        if (relay != null) {
            relay.close();
        }
    }
}
