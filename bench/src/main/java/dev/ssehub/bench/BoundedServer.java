package dev.ssehub.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;

/**
 * A server run under {@code timeout}, so that it ends after {@code lifetimeSeconds} even if the
 * benchmark that started it does not live to stop it.
 */
record BoundedServer(Server server, long lifetimeSeconds) implements Server {

    @Override
    public String name() {
        return server.name();
    }

    @Override
    public List<String> command(int port, Path workDir, boolean trackNativeMemory) {
        List<String> command = new ArrayList<>(List.of("timeout", "-k", "5", Long.toString(lifetimeSeconds)));
        command.addAll(server.command(port, workDir, trackNativeMemory));
        return command;
    }

    @Override
    public boolean isJvm() {
        return server.isJvm();
    }

    @Override
    public String subscribePath(String topic) {
        return server.subscribePath(topic);
    }

    @Override
    public Future<Void> publish(HttpClient client, int port, String topic, String data) {
        return server.publish(client, port, topic, data);
    }
}
