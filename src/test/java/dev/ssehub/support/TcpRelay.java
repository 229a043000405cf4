package dev.ssehub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a free loopback port in front of a Redis server, for failure tests: every client
 * (a replica, the sentinels, the hub) connects to the relay as if it were the server. It can hold
 * back, for a while, what the server sends to the connections of replicas (those that sent
 * {@code PSYNC}), so that replication lags while everyone else is served, as on a congested link;
 * and it can cut the sentinels off (connections that name themselves {@code sentinel-…}) while
 * everyone else is served, as in a network partition. Each connection is two blocking pump threads;
 * closing the relay cuts every connection. Thread-safe.
 */
public final class TcpRelay implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    // The replica's handshake (PING, REPLCONF, PSYNC) fits in its first bytes.
    private static final int SNIFFED_BYTES = 4096;

    private final int targetPort;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile long replicationHeldUntilNanos = System.nanoTime();
    private volatile boolean sentinelsCut;
    private volatile boolean closed;

    private TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName(HOST));
        Thread acceptor = new Thread(this::accept, "relay-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts relaying from a free loopback port to {@code targetPort} on the loopback address. */
    public static TcpRelay to(int targetPort) {
        try {
            return new TcpRelay(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on " + HOST, e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Holds back, from now for {@code duration}, what the server sends to replicas; what it sent
     * meanwhile is forwarded afterwards, unless the relay is closed first, which loses it.
     */
    public void holdReplication(Duration duration) {
        replicationHeldUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /**
     * Cuts the sentinels' connections from now on, theirs only: those open are closed, and new ones
     * are closed as soon as they name themselves.
     */
    public void cutSentinels() {
        sentinelsCut = true;
        connections.stream().filter(connection -> connection.sentinel).forEach(Connection::close);
    }

    /** Stops listening and cuts every connection, as a host that went away would. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(TcpRelay::closeQuietly);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                sockets.add(client);
                sockets.add(server);
                try {
                    server.connect(new InetSocketAddress(HOST, targetPort), 2000);
                } catch (IOException e) {
                    // The server is gone: the client sees its connection close, as after a reset.
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                Connection connection = new Connection(client, server);
                connections.add(connection);
                start(() -> connection.pumpToServer(), "relay-up-" + client.getPort());
                start(() -> connection.pumpToClient(), "relay-down-" + client.getPort());
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("The relay on port " + port() + " stopped accepting", e);
                }
            }
        }
    }

    private static void start(Runnable pump, String name) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }

    /** One client's connection and the relay's connection to the server for it. */
    private final class Connection {

        private final Socket client;
        private final Socket server;
        private final StringBuilder sniffed = new StringBuilder();
        private volatile boolean replica;
        private volatile boolean sentinel;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pumpToServer() {
            pump(client, server, true);
        }

        void pumpToClient() {
            pump(server, client, false);
        }

        private void pump(Socket from, Socket to, boolean upstream) {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    if (upstream) {
                        sniff(buffer, read);
                        if (sentinel && sentinelsCut) {
                            break;
                        }
                    } else if (replica) {
                        awaitRelease();
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // One side closed, or the relay did: the other side follows below.
            } finally {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
            sockets.remove(client);
            sockets.remove(server);
            connections.remove(this);
        }

        private void sniff(byte[] buffer, int read) {
            if (replica || sentinel || sniffed.length() > SNIFFED_BYTES) {
                return;
            }
            sniffed.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            String upper = sniffed.toString().toUpperCase(Locale.ROOT);
            replica = upper.contains("PSYNC");
            // Sentinels name their connections to the master sentinel-<id>-cmd and sentinel-<id>-pubsub.
            sentinel = upper.contains("SENTINEL-");
        }

        private void awaitRelease() throws InterruptedException {
            long left;
            while (!closed && (left = replicationHeldUntilNanos - System.nanoTime()) > 0) {
                Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000)));
            }
        }
    }
}
