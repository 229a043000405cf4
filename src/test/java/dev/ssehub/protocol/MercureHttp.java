package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;

/**
 * The Mercure protocol from a client's side, for the HTTP tests: building subscribe URLs and
 * publish forms, posting them with the JDK client (exact bytes, no charset guessing), and reading
 * problem documents.
 */
final class MercureHttp {

    /** Deadline for anything a test waits for; generous, since other builds may share the machine. */
    static final Duration WAIT = Duration.ofSeconds(15);
    /** The media type of publish bodies. */
    static final String FORM = "application/x-www-form-urlencoded";

    static final ObjectMapper JSON = new ObjectMapper();

    /** The body {@link #get} reports for a response that opened an event stream. */
    static final String STREAM_OPENED = "(an event stream was opened)";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private MercureHttp() {
    }

    /** A topic IRI no other test uses. */
    static String uniqueTopic(String name) {
        return "https://example.com/" + name + "/" + UUID.randomUUID();
    }

    /** Percent-encodes {@code value} for a query string or form, UTF-8. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Percent-encodes every UTF-8 byte of {@code value} but the RFC 3986 unreserved characters, as for one path segment. */
    static String pathSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", (int) c));
            }
        }
        return out.toString();
    }

    /** The hub URL with {@code topic} parameters for {@code topics} and the given extra name/value pairs. */
    static URI subscribeUri(URI hub, List<String> topics, String... extra) {
        StringJoiner query = new StringJoiner("&");
        topics.forEach(topic -> query.add("topic=" + encode(topic)));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            query.add(encode(extra[i]) + "=" + encode(extra[i + 1]));
        }
        return URI.create(hub + "?" + query);
    }

    /** The hub URL subscribing to {@code topics}. */
    static URI subscribeUri(URI hub, String... topics) {
        return subscribeUri(hub, List.of(topics));
    }

    /** Opens a stream on {@code topics}, asserting it was accepted. */
    static SseTestClient subscribe(URI hub, List<String> topics, String... headers) {
        return accepted(SseTestClient.open(subscribeUri(hub, topics), headers));
    }

    /** Returns {@code client} if its stream was accepted; otherwise closes it and fails. */
    static SseTestClient accepted(SseTestClient client) {
        if (client.status() != 200) {
            client.close();
            throw new AssertionError("The subscription was refused with " + client.status());
        }
        return client;
    }

    /** Opens an anonymous stream on {@code topics}, asserting it was accepted. */
    static SseTestClient subscribe(URI hub, String... topics) {
        return subscribe(hub, List.of(topics));
    }

    /** Opens a stream on {@code topics} with {@code Authorization: Bearer token}, asserting it was accepted. */
    static SseTestClient subscribeWithToken(URI hub, String token, String... topics) {
        return subscribe(hub, List.of(topics), "Authorization", "Bearer " + token);
    }

    /** A form body from name/value pairs, each percent-encoded as UTF-8. */
    static String form(String... nameValues) {
        StringJoiner body = new StringJoiner("&");
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            body.add(encode(nameValues[i]) + "=" + encode(nameValues[i + 1]));
        }
        return body.toString();
    }

    /**
     * Sends {@code GET target} over a plain socket, for targets the JDK client refuses to send (such
     * as a malformed percent escape). Returns the status and the head's lines and, for a response with
     * a {@code Content-Length}, its body; a stream that opened is not read.
     */
    static RawResponse rawGet(URI server, String target, String... headers) {
        return raw(server, "GET", target, new byte[0], headers);
    }

    /**
     * Sends a request exactly as given over a plain socket: any method, target and header, {@code Host}
     * included (the JDK client sets {@code Host} itself and refuses some values). A default
     * {@code Host} and {@code Accept: text/event-stream} are sent unless {@code headers} name them;
     * a body gets its {@code Content-Length}.
     */
    static RawResponse raw(URI server, String method, String target, byte[] body, String... headers) {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            List<String> names = new ArrayList<>();
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
                names.add(headers[i].toLowerCase(java.util.Locale.ROOT));
            }
            if (!names.contains("host")) {
                request.append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n");
            }
            if (!names.contains("accept")) {
                request.append("Accept: text/event-stream\r\n");
            }
            if (body.length > 0) {
                request.append("Content-Length: ").append(body.length).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                head.write(in.readUnsignedByte());
            }
            List<String> lines = List.of(head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n"));
            int status = Integer.parseInt(lines.get(0).split(" ")[1]);
            String length = header(lines, "Content-Length");
            byte[] content = new byte[length == null ? 0 : Integer.parseInt(length.strip())];
            in.readFully(content);
            return new RawResponse(status, lines, new String(content, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("Raw request " + method + " " + server + target + " failed", e);
        }
    }

    /**
     * A response read by {@link #rawGet}.
     *
     * @param status the status code
     * @param head   the status line and header lines
     * @param body   the body, empty unless it had a {@code Content-Length}
     */
    record RawResponse(int status, List<String> head, String body) {

        /** The first value of header {@code name}, or {@code null}. */
        String header(String name) {
            return MercureHttp.header(head, name);
        }

        /** Asserts an RFC 9457 problem with {@code status} and a type ending in {@code typeSlug}; returns its detail. */
        String detail(int expectedStatus, String typeSlug) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(header("Content-Type")).as("Content-Type").startsWith("application/problem+json");
            JsonNode problem = readJson(body);
            assertThat(problem.path("type").asText()).isEqualTo("urn:sse-hub:problem:" + typeSlug);
            assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
            return problem.path("detail").asText();
        }
    }

    private static String header(List<String> head, String name) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** POSTs {@code body} to {@code uri} with the given header name/value pairs. */
    static HttpResponse<String> post(URI uri, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** GETs {@code uri} with the given header name/value pairs. */
    static HttpResponse<String> get(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(WAIT).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /**
     * Sends any request, reading the body as UTF-8 text; fails if the whole response has not come
     * within {@link #WAIT} (say, a stream opened where a refusal was expected).
     */
    static HttpResponse<String> send(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(request, MercureHttp::textOrStream);
        try {
            return response.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new AssertionError("No complete response to " + request.method() + " " + request.uri()
                    + " within " + WAIT + " (an open stream?)", e);
        } catch (ExecutionException e) {
            throw new AssertionError("Request to " + request.uri() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // A stream would never end: its body reads as a placeholder, and the connection is closed.
    private static HttpResponse.BodySubscriber<String> textOrStream(HttpResponse.ResponseInfo info) {
        if (info.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(), stream -> {
                try {
                    stream.close();
                } catch (IOException e) {
                    // closed already
                }
                return STREAM_OPENED;
            });
        }
        return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
    }

    /** POSTs the form {@code nameValues} with {@code Authorization: Bearer token}. */
    static HttpResponse<String> publish(URI hub, String token, String... nameValues) {
        return post(hub, form(nameValues).getBytes(StandardCharsets.UTF_8),
                "Content-Type", FORM, "Authorization", "Bearer " + token);
    }

    /** Publishes and asserts success; returns the update's id (the response body). */
    static String publishOk(URI hub, String token, String... nameValues) {
        HttpResponse<String> response = publish(hub, token, nameValues);
        assertThat(response.statusCode()).as("publishing %s: %s", List.of(nameValues), response.body()).isEqualTo(200);
        return response.body();
    }

    /**
     * Asserts that {@code response} is an RFC 9457 problem with {@code status} and the type URI ending
     * in {@code typeSlug}, with a title and a detail; returns the document.
     */
    static JsonNode problem(HttpResponse<String> response, int status, String typeSlug) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = readJson(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:sse-hub:problem:" + typeSlug);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }

    /** The problem's detail, after the checks of {@link #problem}. */
    static String detail(HttpResponse<String> response, int status, String typeSlug) {
        return problem(response, status, typeSlug).path("detail").asText();
    }

    /** The {@code sse_hub_subscribers} gauge of the server of {@code hub}, read from {@code /q/metrics}. */
    static double subscriberGauge(URI hub) {
        String metrics = get(hub.resolve("/q/metrics")).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("sse_hub_subscribers ") || line.startsWith("sse_hub_subscribers{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sse_hub_subscribers gauge in /q/metrics");
    }

    /** Parses JSON, failing the test on invalid JSON. */
    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    /**
     * Reads events until one with data {@code lastData} arrives; returns those before it. Since a
     * stream delivers in publish order, publishing a marker after something and collecting up to the
     * marker shows everything that was delivered before it.
     */
    static List<ReceivedEvent> eventsUntil(SseTestClient client, String lastData) {
        List<ReceivedEvent> before = new ArrayList<>();
        client.awaitEvent(event -> {
            if (event.data().equals(lastData)) {
                return true;
            }
            before.add(event);
            return false;
        }, WAIT);
        return before;
    }
}
