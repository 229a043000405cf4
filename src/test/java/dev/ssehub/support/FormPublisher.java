package dev.ssehub.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * Publishes to a hub the way {@code curl -H 'Authorization: Bearer …' -d topic=… -d data=…} does:
 * a {@code POST} of an {@code application/x-www-form-urlencoded} UTF-8 body, with the JDK client,
 * so a test sees the hub as any server-side publisher does.
 */
public final class FormPublisher {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI hub;
    private final String token;

    /**
     * @param hub   the hub's URL, {@code http://host:port/.well-known/mercure}
     * @param token the publisher's JWS, sent as {@code Authorization: Bearer}
     */
    public FormPublisher(URI hub, String token) {
        this.hub = hub;
        this.token = token;
    }

    /**
     * Publishes the form fields given as name, value, name, value… (a name may repeat, e.g.
     * {@code topic}) and returns the event id the hub answered with; fails the test on any status
     * but 200.
     */
    public String publish(String... fields) {
        HttpResponse<String> response = send(fields);
        if (response.statusCode() != 200) {
            throw new AssertionError("Publishing " + String.join(",", fields) + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** Posts the form fields as {@link #publish} does and returns the response, whatever its status. */
    public HttpResponse<String> send(String... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name, value pairs");
        }
        StringJoiner body = new StringJoiner("&");
        for (int i = 0; i < fields.length; i += 2) {
            body.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(hub)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("Could not publish to " + hub, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while publishing to " + hub, e);
        }
    }
}
