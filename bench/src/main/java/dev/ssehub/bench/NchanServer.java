package dev.ssehub.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;

/**
 * nginx with the nchan module, one worker process, EventSource subscribers on {@code /sub} and
 * publishers on {@code /pub}, started through {@code bench/nchan/nchan.sh run}.
 */
final class NchanServer implements Server {

    private final Path script;

    /** @param script {@code bench/nchan/nchan.sh} */
    NchanServer(Path script) {
        this.script = script;
    }

    @Override
    public String name() {
        return "nchan";
    }

    @Override
    public List<String> command(int port, Path workDir, boolean trackNativeMemory) {
        return List.of("bash", script.toString(), "run", Integer.toString(port), workDir.toString());
    }

    @Override
    public boolean isJvm() {
        return false;
    }

    @Override
    public String subscribePath(String topic) {
        return "/sub?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8);
    }

    @Override
    public Future<Void> publish(HttpClient client, int port, String topic, String data) {
        return client.request(HttpMethod.POST, port, "127.0.0.1", "/pub?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8))
                .compose(request -> request.putHeader("Content-Type", "text/plain").send(data))
                .compose(response -> response.body().compose(body -> response.statusCode() / 100 == 2
                        ? Future.succeededFuture()
                        : Future.failedFuture("publish answered " + response.statusCode() + ": " + body)));
    }
}
