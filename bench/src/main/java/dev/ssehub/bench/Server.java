package dev.ssehub.bench;

import java.nio.file.Path;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;

/** A server under test: how to start it, subscribe to a topic on it and publish to a topic. */
interface Server {

    /** A short name for tables and file names. */
    String name();

    /** The command that runs it in the foreground on {@code port}, keeping its files in {@code workDir}. */
    List<String> command(int port, Path workDir, boolean trackNativeMemory);

    /** Whether it is a JVM, whose heap and native memory {@code jcmd} can read. */
    boolean isJvm();

    /** The path and query of an SSE subscription to {@code topic}. */
    String subscribePath(String topic);

    /** Publishes {@code data} to {@code topic}; fails unless the server accepted it. */
    Future<Void> publish(HttpClient client, int port, String topic, String data);
}
