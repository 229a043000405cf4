package dev.ssehub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ssehub.support.AppProcess;

/**
 * The packaged jar as production runs it, in the prod profile without {@code hub.ui.enabled}: the debugging
 * UI is off, and its paths answer as a path nothing serves does, the folder its files live in included.
 */
class UiDisabledIT {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private static AppProcess app;

    @BeforeAll
    static void startApp() {
        app = AppProcess.start("UiDisabledIT");
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/mercure/ui/", "/.well-known/mercure/ui", "/.well-known/mercure/ui/index.html",
            "/.well-known/mercure/ui/app.js", "/mercure-ui/index.html", "/mercure-ui/app.js"})
    void theUiIsNotFound(String path) throws Exception {
        HttpResponse<String> unknown = get("/no-such-path");
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).as("status of GET " + path).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of GET " + path)
                .isEqualTo(unknown.headers().firstValue("Content-Type"));
        assertThat(response.body()).as("body of GET " + path).doesNotContain("<script", "EventSource");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = app.baseUri().resolve(path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
