package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ssehub.support.RawHttpClient;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseParser;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Fuzzes the running application over raw HTTP/1.1 sockets: random and mutated methods, paths
 * (dot-segments in every spelling, odd escapes, long segments), query strings (broken URI
 * Templates, bad escapes), headers (malformed media types, odd tokens, control characters) and
 * bodies (forms, JSON, random bytes), always correctly framed so that the server can answer.
 *
 * <p>Why: the hub parses everything a client chooses, and a parse that throws becomes a 500, a hang
 * or, worse, bytes injected into other clients' streams. Every case must be answered within a
 * deadline without a 5xx, every error body must be a problem document without a stack trace, and
 * an innocent subscriber to every topic, reading for the whole run, must receive a well-formed
 * event stream. Nothing may leak: afterwards the subscriber gauge is back where it was.
 *
 * <p>Reproducible: case {@code n} is generated from its own {@link Random}, seeded from the run's
 * seed and {@code n} alone, whatever connection or thread runs it. {@code -Dfuzz.seed=S} picks the
 * seed, {@code -Dfuzz.cases=N} the number of cases; {@code -Dfuzz.case=n,m} runs cases {@code n}
 * and {@code m} only, and {@code -Dfuzz.connections=1} sends them one after another on one
 * connection (a case can depend on the one before it on a kept-alive connection). A failure names
 * the seed, the case, the command that reruns it and the exact request bytes; the run stops after
 * {@code -Dfuzz.maxFailures} (30) failed cases.
 */
@QuarkusTest
class HttpFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20_260_501L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 10_000);
    /** Case numbers to run instead of all, comma-separated: to reproduce failures. */
    private static final String ONLY_CASES = System.getProperty("fuzz.case", "");

    /** Connections sending cases side by side; each is kept alive while the server allows. */
    private static final int CONNECTIONS = Integer.getInteger("fuzz.connections", 4);
    private static final Duration CASE_DEADLINE = Duration.ofSeconds(10);
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(15);
    private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(2);
    /** The run stops after this many failed cases: enough to see a pattern, few enough to read. */
    private static final int MAX_FAILURES = Integer.getInteger("fuzz.maxFailures", 30);

    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\bat (?:dev|io|java|jdk|org|com|sun)\\.[\\w$.]+\\(|Exception:[^\\n]*\\n\\s*at |Stack:|\\bat dev\\.|\\bat io\\.");
    private static final Pattern SUBSCRIBERS_SAMPLE = Pattern.compile("(?m)^sse_hub_subscribers(?:\\{[^}]*})? (\\S+)$");
    private static final Set<String> SSE_FIELDS = Set.of("id", "event", "data", "retry");

    @TestHTTPResource("/")
    URI server;

    @TestHTTPResource(HubPaths.HUB)
    URI hub;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @TestHTTPResource("/q/health/live")
    URI live;

    @Test
    void everyRequestIsAnsweredCleanlyAndHarmsNoOtherSubscriber() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        try (StreamRecorder innocent = StreamRecorder.open(server, HubPaths.HUB + "?topic=*")) {
            long baseline = settledSubscriberCount();
            List<String> failures = runCases();
            softly.assertThat(failures).withFailMessage("%n%d failed cases of seed %d (the run stops after %d):%n%n%s",
                    failures.size(), SEED, MAX_FAILURES, String.join("\n\n", failures)).isEmpty();
            softly.check(this::assertStillLive);
            softly.check(() -> assertIntact(innocent));
            softly.check(() -> within(Duration.ofSeconds(30), () -> assertThat(subscriberGauge())
                    .as("subscribers connected after the run (the innocent one included); before it: %d", baseline)
                    .isEqualTo(baseline)));
        }
        softly.assertAll();
    }

    // The cases

    private List<String> runCases() throws InterruptedException {
        int[] cases = ONLY_CASES.isBlank() ? IntStream.range(0, CASES).toArray()
                : Arrays.stream(ONLY_CASES.split(",")).mapToInt(n -> Integer.parseInt(n.strip())).toArray();
        AtomicInteger next = new AtomicInteger();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService workers = Executors.newFixedThreadPool(CONNECTIONS);
        long started = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++) {
            workers.execute(() -> work(cases, next, failures));
        }
        workers.shutdown();
        if (!workers.awaitTermination(RUN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            workers.shutdownNow();
            failures.add("the run did not end within " + RUN_DEADLINE);
        }
        System.out.printf("HttpFuzzTest: seed %d, %d of %d cases run, %d failed, %d ms%n", SEED,
                Math.min(next.get(), cases.length), cases.length, failures.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return List.copyOf(failures);
    }

    private void work(int[] cases, AtomicInteger next, Queue<String> failures) {
        Connection connection = new Connection(server);
        try {
            for (int i = next.getAndIncrement(); i < cases.length && failures.size() < MAX_FAILURES;
                    i = next.getAndIncrement()) {
                String failure;
                try {
                    failure = runCase(connection, cases[i]);
                } catch (RuntimeException e) {
                    failure = "case " + cases[i] + " of seed " + SEED + ": the test failed to run it: " + stackTrace(e);
                }
                if (failure != null) {
                    failures.add(failure);
                }
            }
        } finally {
            connection.close();
        }
    }

    /** Sends case {@code n} and checks its response; returns why it failed, or {@code null}. */
    private String runCase(Connection connection, int n) {
        FuzzRequest request = new Generator(new Random(caseSeed(SEED, n)), server).request();
        RawHttpClient.Response response = null;
        try {
            response = exchange(connection, n, request);
            checkResponse(response);
            return null;
        } catch (SocketTimeoutException e) {
            return describeFailure(n, request, connection, null, "no complete response within " + CASE_DEADLINE
                    + ": " + e.getMessage());
        } catch (IOException e) {
            return describeFailure(n, request, connection, null, "no complete response: " + e);
        } catch (AssertionError e) {
            return describeFailure(n, request, connection, response, e.getMessage());
        } finally {
            connection.release();
        }
    }

    /**
     * Sends {@code request} on the worker's connection. A kept-alive connection may have been closed
     * by the server while idle, which HTTP allows: then the request is sent once more on a new
     * connection, where no answer at all is a failure.
     */
    private static RawHttpClient.Response exchange(Connection connection, int n, FuzzRequest request)
            throws IOException {
        RawHttpClient client = connection.clientFor(n, request);
        try {
            return client.exchange(request.bytes(), request.headRequest(), Instant.now().plus(CASE_DEADLINE));
        } catch (RawHttpClient.NoResponseException e) {
            if (client.exchanges() == 1) {
                throw e;
            }
            connection.close();
            return connection.clientFor(n, request).exchange(request.bytes(), request.headRequest(),
                    Instant.now().plus(CASE_DEADLINE));
        }
    }

    /** What every response must satisfy, whatever was asked. */
    private static void checkResponse(RawHttpClient.Response response) {
        assertThat(response.status()).as("status (5xx: the server failed)").isLessThan(500);
        String body = response.bodyText();
        assertThat(STACK_TRACE.matcher(body).find()).as("the body holds a stack trace").isFalse();
        if (response.status() >= 400 && response.body().length > 0) {
            assertProblem(response, body);
        }
    }

    private static void assertProblem(RawHttpClient.Response response, String body) {
        assertThat(response.header("Content-Type")).as("Content-Type of an error with a body")
                .isNotNull().startsWith("application/problem+json");
        JsonNode problem = MercureHttp.readJson(body);
        assertThat(problem.path("type").isTextual()).as("the problem has a type").isTrue();
        assertThat(problem.path("title").isTextual()).as("the problem has a title").isTrue();
        assertThat(problem.path("detail").isTextual()).as("the problem has a detail").isTrue();
        assertThat(problem.path("status").isInt() ? problem.path("status").asInt() : null)
                .as("the problem's status").isEqualTo(response.status());
    }

    private static String describeFailure(int n, FuzzRequest request, Connection connection,
            RawHttpClient.Response response, String problem) {
        List<Integer> sequence = connection.cases();
        String rerun = sequence.size() <= 1 ? "-Dfuzz.case=" + n : "-Dfuzz.connections=1 -Dfuzz.case="
                + sequence.stream().map(String::valueOf).collect(Collectors.joining(","));
        return "case " + n + " of seed " + SEED + ": " + problem.strip()
                + "\n  rerun: ./mvnw test -Dtest=HttpFuzzTest -Dfuzz.seed=" + SEED + " " + rerun
                + (sequence.size() <= 1 ? "" : " (the cases its connection carried, in order)")
                + "\n  request (" + request.bytes().length + " bytes; " + Escaper.LEGEND + "):\n"
                + Escaper.escape(request.bytes(), 8_000)
                + (response != null || connection.previous() == null ? "" : "\n  the request before it on this "
                        + "connection (what went wrong may be its doing):\n"
                        + Escaper.escape(connection.previous().bytes(), 2_000))
                + "\n  response: " + (response == null ? "(none)" : response.describeHead() + "\n"
                        + Escaper.escape(response.body(), 2_000));
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** A seed for case {@code n} that depends on nothing else (SplitMix64's mix of seed and case). */
    static long caseSeed(long seed, int n) {
        long z = seed + 0x9E3779B97F4A7C15L * (n + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // After the run

    private void assertStillLive() {
        HttpResponse<String> response = MercureHttp.send(HttpRequest.newBuilder(live).timeout(HEALTH_DEADLINE).GET()
                .build());
        assertThat(response.statusCode()).as("/q/health/live after the run: %s", response.body()).isEqualTo(200);
    }

    /** Publishes a marker, waits for it on the innocent stream, and checks every byte it received. */
    private void assertIntact(StreamRecorder innocent) {
        String marker = "fuzz-marker-" + SEED + "-" + UUID.randomUUID();
        MercureHttp.publishOk(hub, TestTokens.publisher("*"), "topic", "https://example.com/fuzz/marker",
                "data", marker);
        within(MercureHttp.WAIT, () -> assertThat(innocent.text()).as("the innocent stream (ended: %s)", innocent.end())
                .contains("data: " + marker + "\n\n"));
        assertThat(innocent.end()).as("the innocent stream ended early").isNull();
        byte[] received = innocent.bytes();
        String stream = FormBody.strictUtf8(received);
        assertThat(stream).as("the innocent stream is UTF-8").isNotNull();
        assertThat(sseViolations(stream)).as("lines of the innocent stream (%d bytes) that are not SSE",
                received.length).isEmpty();
        List<ReceivedEvent> events = SseParser.parseAll(stream);
        assertThat(events).as("events of the innocent stream").anyMatch(event -> event.data().equals(marker));
        System.out.printf("HttpFuzzTest: the innocent subscriber received %d bytes, %d events%n", received.length,
                events.size());
    }

    /** The lines of {@code stream} that are not {@code field: value}, a comment or empty. */
    static List<String> sseViolations(String stream) {
        List<String> violations = new ArrayList<>();
        String[] lines = stream.split("\r\n|\r|\n", -1);
        // The last piece follows the last line terminator: an unfinished line, not checked.
        for (int i = 0; i < lines.length - 1 && violations.size() < 20; i++) {
            String problem = lineProblem(lines[i]);
            if (problem != null) {
                violations.add("line " + (i + 1) + ", " + problem + ": "
                        + Escaper.escape(lines[i].getBytes(StandardCharsets.UTF_8), 300));
            }
        }
        return violations;
    }

    private static String lineProblem(String line) {
        if (line.isEmpty() || line.startsWith(":")) {
            return null;
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            return "no colon";
        }
        String field = line.substring(0, colon);
        if (!SSE_FIELDS.contains(field)) {
            return "unknown field";
        }
        if (!line.startsWith(": ", colon)) {
            return "no space after the colon";
        }
        String value = line.substring(colon + 2);
        if ((field.equals("id") || field.equals("event")) && value.chars().anyMatch(Character::isISOControl)) {
            return "a control character in " + field;
        }
        if (field.equals("retry") && !value.matches("[0-9]+")) {
            return "a retry that is not a number";
        }
        return null;
    }

    private long settledSubscriberCount() {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(MercureHttp.WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> last.getAndSet(subscriberGauge()) == last.get());
        return last.get();
    }

    private long subscriberGauge() {
        String text = MercureHttp.get(metrics, "Accept", "text/plain").body();
        Matcher sample = SUBSCRIBERS_SAMPLE.matcher(text);
        assertThat(sample.find()).as("sse_hub_subscribers in /q/metrics").isTrue();
        return Math.round(Double.parseDouble(sample.group(1)));
    }

    /** Awaits {@code check}; a timeout fails as an assertion, so that soft assertions collect it. */
    private static void within(Duration timeout, ThrowingRunnable check) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(check);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    // Helpers of the run

    /**
     * One worker's connection: opened when a case needs it, dropped when the server will not take
     * another request on it. Used by one thread.
     */
    private static final class Connection {

        private final URI server;
        private final List<Integer> cases = new ArrayList<>();
        private RawHttpClient client;
        private FuzzRequest previous;
        private FuzzRequest current;

        Connection(URI server) {
            this.server = server;
        }

        /** The connection for case {@code n}, opened if there is none; remembers that it carries {@code n}. */
        RawHttpClient clientFor(int n, FuzzRequest request) throws IOException {
            if (client == null) {
                client = RawHttpClient.connect(server);
                cases.clear();
                current = null;
            }
            cases.add(n);
            previous = current;
            current = request;
            return client;
        }

        /** The request sent before the current one on this connection, or {@code null}. */
        FuzzRequest previous() {
            return previous;
        }

        /** The cases sent on the current connection, the last one included. */
        List<Integer> cases() {
            return List.copyOf(cases);
        }

        /** After an exchange: keeps the connection only if another request may follow on it. */
        void release() {
            if (client != null && !client.reusable()) {
                close();
            }
        }

        void close() {
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    /**
     * A subscriber reading its stream on a thread of its own, keeping every byte of the body (the
     * chunked coding removed) for the checks at the end.
     */
    private static final class StreamRecorder implements AutoCloseable {

        private final RawHttpClient connection;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile Exception end;

        private StreamRecorder(RawHttpClient connection) {
            this.connection = connection;
            Thread reader = new Thread(this::read, "fuzz-innocent-subscriber");
            reader.setDaemon(true);
            reader.start();
        }

        static StreamRecorder open(URI server, String target) throws IOException {
            RawHttpClient connection = RawHttpClient.connect(server);
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                    + "\r\nAccept: text/event-stream\r\n\r\n";
            RawHttpClient.Response head = connection.exchange(request.getBytes(StandardCharsets.US_ASCII), false,
                    Instant.now().plus(MercureHttp.WAIT));
            if (head.framing() != RawHttpClient.Framing.STREAM || !"chunked".equals(head.header("Transfer-Encoding"))) {
                connection.close();
                throw new AssertionError("The innocent subscription was not opened as a chunked stream: "
                        + head.describeHead());
            }
            return new StreamRecorder(connection);
        }

        private void read() {
            try {
                for (byte[] chunk = connection.nextChunk(Instant.MAX); chunk != null;
                        chunk = connection.nextChunk(Instant.MAX)) {
                    synchronized (received) {
                        received.writeBytes(chunk);
                    }
                }
                end = new EOFException("the hub ended the stream");
            } catch (IOException e) {
                end = e;
            }
        }

        /** Why the stream ended, or {@code null} while it is open. */
        Exception end() {
            return end;
        }

        byte[] bytes() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /**
     * One generated request.
     *
     * @param bytes       exactly what is sent
     * @param headRequest whether it is a HEAD, whose response has no body
     */
    record FuzzRequest(byte[] bytes, boolean headRequest) {
    }

    /**
     * Writes bytes readably and exactly: printable ASCII as is, a backslash as {@code \\}, CR, LF
     * and tab as {@code \r}, {@code \n}, {@code \t}, any other byte as {@code \xHH}, and a unit of
     * up to {@value #MAX_UNIT_BYTES} bytes repeated many times as {@code \(unit)*count;}.
     */
    static final class Escaper {

        static final String LEGEND = "escaped: \\\\ \\r \\n \\t \\xHH, \\(unit)*count; for a repeated unit, "
                + "a line break after each \\n is not sent";
        private static final int MIN_RUN_BYTES = 24;
        private static final int MAX_UNIT_BYTES = 16;

        private Escaper() {
        }

        static String escape(byte[] bytes, int maxChars) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < bytes.length && out.length() < maxChars) {
                int[] run = longestRun(bytes, i);
                if (run[0] * run[1] >= MIN_RUN_BYTES) {
                    out.append("\\(");
                    appendEscaped(out, bytes, i, i + run[0]);
                    out.append(")*").append(run[1]).append(';');
                    i += run[0] * run[1];
                } else {
                    appendEscaped(out, bytes, i, i + 1);
                    i++;
                }
            }
            if (i < bytes.length) {
                out.append("…(").append(bytes.length - i).append(" more bytes: rerun the case to see them)");
            }
            return out.toString();
        }

        // {unit length, repetitions} of the longest repetition of a unit of 1 to MAX_UNIT_BYTES bytes at from.
        private static int[] longestRun(byte[] bytes, int from) {
            int[] best = {1, 1};
            for (int unit = 1; unit <= MAX_UNIT_BYTES && from + unit <= bytes.length; unit++) {
                int end = from + unit;
                while (end + unit <= bytes.length && sameUnit(bytes, from, end, unit)) {
                    end += unit;
                }
                int repetitions = (end - from) / unit;
                if (unit * repetitions > best[0] * best[1] && repetitions > 1) {
                    best = new int[] {unit, repetitions};
                }
            }
            return best;
        }

        private static boolean sameUnit(byte[] bytes, int unitStart, int at, int unit) {
            for (int k = 0; k < unit; k++) {
                if (bytes[unitStart + k] != bytes[at + k]) {
                    return false;
                }
            }
            return true;
        }

        private static void appendEscaped(StringBuilder out, byte[] bytes, int from, int to) {
            for (int i = from; i < to; i++) {
                int b = bytes[i] & 0xFF;
                switch (b) {
                    case '\\' -> out.append("\\\\");
                    case '\r' -> out.append("\\r");
                    case '\n' -> out.append("\\n\n");
                    case '\t' -> out.append("\\t");
                    default -> out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b));
                }
            }
        }
    }

    /**
     * Generates one request from a {@link Random}; deterministic for a given seed (tokens aside,
     * whose expiry follows the clock). Strings stand for bytes: each char is one byte
     * (ISO-8859-1), so raw UTF-8 and invalid bytes can be placed anywhere.
     */
    static final class Generator {

        private static final String HUB = HubPaths.HUB;
        private static final String SUBSCRIPTIONS = HubPaths.HUB + "/subscriptions";
        private static final String FORM = MercureHttp.FORM;
        private static final String WRONG_KEY = "a-key-that-is-long-enough-but-not-the-hubs-one";

        private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "POST", "POST", "POST", "POST",
            "DELETE", "DELETE", "PUT", "OPTIONS", "OPTIONS", "HEAD", "HEAD", "PATCH"};
        private static final String[] ODD_METHODS = {"get", "Post", "TRACE", "CONNECT", "PROPFIND", "QUERY", "PRI",
            "M-SEARCH", "FOO", "X".repeat(300), "G\u00c9T", "GE\u0001T", "POST/", "@", "!#$%&'*+-.^_`|~", "GET\u007f"};
        private static final String[] SELECTORS = {"*", "https://example.com/books/1", "/demo/chat", "/demo/clock",
            "/demo/presence", "https://example.com/books/{id}", "{", "}", "{}", "{+a}{+b}", "{?x*}", "{/a,b}", "{#x}",
            "{.x:3}", "{x:99999}", "{x:0}", "{;x*}", "{&x}", "{=x}", "{!x}", "{x,,y}", "{x*:3}", "{%41}", "{a.b}",
            "{a..b}", "{x", "x}", "{{x}}", "https://example.com/{a}/{b}{?c,d}", "urn:isbn:{isbn}", "{+path}/here",
            "\u00e9/{\u00fc}", "\u0000", "\r\n", " ", "", "*/*", "**", "{*}", "{x:-1}", "{x:1e3}", "{x}}{", "%7Bx%7D",
            SUBSCRIPTIONS + "{/topic}{/subscriber}", SUBSCRIPTIONS + "/{topic}/{subscriber}", "{/a*}{?b*}{&c*}{#d*}"};
        private static final String[] ODD_SEGMENTS = {"..", ".", "%2E%2E", "%2e.", ".%2E", "%2e%2E", "..;x", ".;",
            "%2E;a=b", "...", "%252E%252E", "%252e", "%25", "%%", "%2", "%zz", "%C0%AE%C0%AE", "%E0%80%AE", "%C0%AF",
            "%FF", "%C3", "%ED%A0%80", "%F4%90%80%80", "%EF%BF%BF", "%00", "%2F", "%5C", "\\", "%20", "+", ";", ";x",
            "%3B", "~", "%7E", "\u00c3\u00a9", "\u0080", "\u00ff", ":", "@"};
        private static final String[] ODD_PARAMS = {"%", "%zz", "topic", "topic=", "=", "&", "&&", "topic=%",
            "topic=%C3", "topic=%FF", "topic=%00", "topic=%0A", "a=%E0%80%AE", "topic=%ED%A0%80", "topic=+",
            "topic=*&topic=", "%74opic=*", "TOPIC=*", "topic[]=*", "topic=%2A", "topic=*#frag", "topic==*",
            "lastEventID=earliest", "lastEventID=%0B", "authorization=", "authorization=%00", "topic=%u002A"};
        private static final String[] ACCEPTS = {"text/event-stream", "*/*", "application/json", "application/ld+json",
            "application/problem+json", "text/html", "text/plain", "a/b/c", ";;;", "", "text/event-stream;q=0",
            "*/*;q=abc", "application/json;q=2", "text/*", "image/png", "\u00ff/\u00ff",
            "text/event-stream, application/json;q=0.5", "*", "/", "text/", "application/json;charset=nope",
            "application/x-www-form-urlencoded", "x".repeat(3000) + "/y", "text/event-stream;a=\"", "*/*;q=0",
            "text/event-stream;q=1.0001", "application/*+json"};
        private static final String[] CONTENT_TYPES = {FORM, FORM + "; charset=UTF-8", FORM + ";charset=latin1",
            FORM + "; charset=nope", FORM + "; charset=\"", FORM + ";", "APPLICATION/X-WWW-FORM-URLENCODED",
            FORM + ", application/json", FORM + "\u000b", "application/json", "application/json; charset=utf-16",
            "application/json;charset=latin1", "application/json;;", "application/json; q", "text/plain; charset=nope",
            "text/plain", "a/b/c", ";;;", "", " ", "multipart/form-data; boundary=x", "multipart/form-data",
            "application/*", "*/*", "text/event-stream", "x", "/", "application/", "application/merge-patch+json",
            "application/ld+json", "\u00e9/\u00e9", "application/json; charset=\u00ff", "application/json; =x",
            "application/json; charset=utf-8; charset=ascii"};
        private static final String[] ORIGINS = {"null", "http://evil.example", "https://127.0.0.1", "", "*",
            "file://", "http://[::1]", "x".repeat(500), "http://a b", "http://\u00c3\u00a9vil", "http://localhost"};
        private static final String[] EXTRA_HEADERS = {"X-Forwarded-For: 10.0.0.7", "X-Forwarded-For: garbage, ,",
            "Forwarded: for=\"[::1]\";proto=https", "Forwarded: ;;;", "X-Forwarded-Host: evil.example",
            "X-Forwarded-Proto: gopher", "Referer: http://evil.example/x", "Referer: ::", "Cache-Control: no-cache",
            "Expect: 100-continue", "Expect: 200-ok", "Connection: close", "Connection: keep-alive",
            "Connection: foo, close", "Accept-Encoding: gzip, br", "Accept-Encoding: \u00ff", "If-None-Match: *",
            "If-Modified-Since: yesterday", "Range: bytes=0-1", "Range: bytes=-1-", "Access-Control-Request-Method: POST",
            "Access-Control-Request-Method: FOO", "Access-Control-Request-Headers: Authorization, x\u0001",
            // An h2c upgrade whose HTTP2-Settings is missing or invalid is refused by Vert.x with a 400
            // that ends only with the idle timeout (H2cUpgradeTest): too slow for a fuzz case, left out.
            "X-HTTP-Method-Override: DELETE", "Upgrade: websocket", "Content-Encoding: gzip",
            "TE: trailers", "Max-Forwards: 0", "Via: 1.1 x", "X-Real-IP: ::1", "Sec-Fetch-Site: cross-site",
            "Accept-Language: *;q=x", "Accept-Charset: nope"};
        private static final String[] MALFORMED_HEADER_LINES = {"Bad Name: x", "X-Ctl: a\u0000b", "X-Ctl: a\u000bb",
            "X-Ctl: a\rb", " X-Fold: continued", "\tX-Fold: continued", "NoColon", ": empty-name",
            "X-Utf8: \u00c3\u00a9\u00f0\u009f\u0098\u0080", "X-Tab:\tvalue\t", "X-Empty:", "X-Space : x",
            "X-\u00ff: y", "X-Del: \u007f", "X-C1: \u0085", "Authorization : Bearer x", "Host : evil.example"};
        private static final String[] EVENT_FIELDS = {"id-1", "earliest", "#x", "a\u000bb", "a\u007fb", "a\u0085b",
            "a\u200bb", "a\u202eb", "a\r\nid: injected", "a\nb", "a\rb", "a\u0000", " lead", "trail ", "\u00e9",
            "\ud83d\ude00", "message", "", "\ufeff", "a\u2028b", "\ud800", "event: x", "data: y", ":"};
        private static final String[] DATA = {"", "hello", "line1\nline2", "\r\n\r\n", "data: fake\n\nid: x",
            "event: y\r\r", "\u0000", "\u00e9\ud83d\ude00", "\ud800", "a\u2028b", "\n", ":", "retry: 1"};
        private static final String[] TEXT_PIECES = {"a", "Z", "0", "{", "}", "/", ":", ".", "%", "?", "#", "&", "=",
            "+", ";", ",", "*", " ", "\u0000", "\u000b", "\u001f", "\u007f", "\u0085", "\u00e9", "\u00fc", "\u4e2d",
            "\ud83d\ude00", "\ud800", "\u2028", "\u200b", "\u202e", "\ufeff", "\r", "\n", "\t", "\"", "\\", "'", "<"};

        private final Random random;
        private final String host;

        Generator(Random random, URI server) {
            this.random = random;
            this.host = server.getHost() + ":" + server.getPort();
        }

        FuzzRequest request() {
            String method = chance(25) ? pick(ODD_METHODS) : pick(METHODS);
            String path = chance(3) ? mutatePath(path()) : path();
            String query = query(path);
            boolean http10 = chance(12);
            byte[] body = body(method, path);
            boolean chunked = !http10 && (body.length > 0 ? chance(6) : chance(60));
            StringBuilder head = new StringBuilder(requestLine(method, query.isEmpty() ? path : path + "?" + query,
                    http10)).append("\r\n");
            for (String header : headers(method, path, body.length > 0 || chunked, http10)) {
                head.append(header).append("\r\n");
            }
            head.append(framingHeader(method, body, chunked)).append("\r\n");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            bytes.writeBytes(chunked ? chunked(body) : body);
            return new FuzzRequest(bytes.toByteArray(), method.equals("HEAD"));
        }

        // The header line that frames the body (with its CRLF), or none: never a wrong one, so that
        // the server can always tell where the request ends and answer it.
        private String framingHeader(String method, byte[] body, boolean chunked) {
            if (chunked) {
                return pick("Transfer-Encoding: chunked", "transfer-encoding: Chunked", "Transfer-Encoding:chunked")
                        + "\r\n";
            }
            if (body.length > 0 || method.startsWith("P") && !chance(4) || chance(20)) {
                return (chance(10) ? "content-length: " : "Content-Length: ") + body.length + "\r\n";
            }
            return "";
        }

        // Request line and target

        private String requestLine(String method, String target, boolean http10) {
            String version = http10 ? "HTTP/1.0" : "HTTP/1.1";
            if (!chance(40)) {
                return method + " " + target + " " + version;
            }
            return pick(method + "  " + target + " " + version, method + "\t" + target + "\t" + version,
                    method + " " + target + " " + version.toLowerCase(Locale.ROOT), method + " " + target,
                    method + " " + target + " " + version + " ", " " + method + " " + target + " " + version,
                    method + " " + pick("*", "", "http://" + host + target, "//" + host + target, "a" + target)
                            + " " + version);
        }

        private String path() {
            return switch (random.nextInt(16)) {
                case 0, 1, 2, 3 -> HUB;
                case 4 -> SUBSCRIPTIONS;
                case 5 -> SUBSCRIPTIONS + "/" + segment(selector());
                case 6 -> SUBSCRIPTIONS + "/" + segment(selector()) + "/" + segment(subscriberId());
                case 7 -> "/sse/events";
                case 8 -> "/sse/users";
                case 9 -> "/sse/users/" + segment(text(between(0, 40)));
                case 10 -> "/sse/messages";
                case 11 -> pick("/sse/index", "/sse/index.html", "/", "/sse/", "/sse");
                case 12 -> pick("/q/health/live", "/q/health", "/q/health/ready", "/q/metrics", "/q/openapi",
                        "/q/", "/q/dev-ui", "/q/swagger-ui");
                default -> randomPath();
            };
        }

        private String randomPath() {
            StringBuilder path = new StringBuilder();
            for (int i = between(0, 5); i >= 0; i--) {
                path.append('/').append(chance(3) ? pick(ODD_SEGMENTS) : segment(text(between(0, 12))));
            }
            return path.toString();
        }

        private String mutatePath(String path) {
            String mutated = path;
            for (int i = between(1, 3); i > 0; i--) {
                mutated = switch (random.nextInt(8)) {
                    case 0, 1 -> insertSegment(mutated, pick(ODD_SEGMENTS));
                    case 2 -> insertAt(mutated, "/");
                    case 3 -> replaceSlash(mutated, pick("%2F", "%2f", "%5C", "\\", "/./", "//", "/%2E/"));
                    case 4 -> insertSegment(mutated, longText());
                    case 5 -> mutated + pick("/", ";x", ";jsessionid=1", "#frag", "%3F", "%23", "/.", "/..", "/%2e%2e");
                    case 6 -> insertAt(mutated, pick("%00", "\u00c3\u00a9", "\u0080", "\u00ff", "%", "%C3", ".."));
                    default -> mutated.toUpperCase(Locale.ROOT);
                };
            }
            return mutated;
        }

        private String insertSegment(String path, String segment) {
            List<Integer> slashes = new ArrayList<>();
            for (int i = 0; i < path.length(); i++) {
                if (path.charAt(i) == '/') {
                    slashes.add(i);
                }
            }
            int at = slashes.isEmpty() || chance(4) ? path.length() : slashes.get(random.nextInt(slashes.size()));
            return path.substring(0, at) + "/" + segment + path.substring(at);
        }

        private String insertAt(String path, String piece) {
            int at = between(0, path.length());
            return path.substring(0, at) + piece + path.substring(at);
        }

        private String replaceSlash(String path, String replacement) {
            int slash = path.indexOf('/', between(1, Math.max(1, path.length())));
            return slash < 0 ? path + replacement : path.substring(0, slash) + replacement + path.substring(slash + 1);
        }

        private String longText() {
            return "a".repeat(pick(200, 2_000, 20_000, 70_000));
        }

        // Path segments as one value each: mostly percent-encoded as the hub's clients do, else raw
        // but for the bytes that would end the request target (the odd request lines send those).
        private String segment(String value) {
            if (!chance(4)) {
                return MercureHttp.pathSegment(value);
            }
            StringBuilder out = new StringBuilder();
            for (char c : latin1(value).toCharArray()) {
                boolean ends = c == ' ' || c == '\t' || c == '\r' || c == '\n';
                out.append(ends ? String.format("%%%02X", (int) c) : String.valueOf(c));
            }
            return out.toString();
        }

        private String subscriberId() {
            return pick("urn:uuid:" + uuid(), uuid().toString(), "", "*", "..", text(between(1, 20)));
        }

        // Query

        private String query(String path) {
            List<String> params = new ArrayList<>();
            if (path.equals(HUB) ? !chance(15) : chance(8)) {
                int count = chance(25) ? between(99, 103) : between(1, 3);
                for (int i = 0; i < count; i++) {
                    params.add(param("topic", selector()));
                }
            }
            if (chance(8)) {
                params.add(param(pick("lastEventID", "Last-Event-ID", "lasteventid"), lastEventId()));
            }
            if (chance(10)) {
                params.add(param("authorization", token(!path.equals(HUB) || chance(3))));
            }
            if (chance(10)) {
                params.add(pick(ODD_PARAMS));
            }
            if (chance(20) && !params.isEmpty()) {
                params.add(params.get(0));
            }
            if (chance(40)) {
                params.add("topic=" + "x".repeat(pick(3_000, 20_000, 70_000)));
            }
            return String.join("&", params);
        }

        private String param(String name, String value) {
            return name + "=" + queryValue(value);
        }

        // Mostly as URLEncoder writes it; else only what would break the request line or the query is
        // escaped, leaving braces, slashes and raw UTF-8 (or the rarer raw controls) in place.
        private String queryValue(String value) {
            int mode = random.nextInt(10);
            if (mode < 7) {
                return URLEncoder.encode(value, StandardCharsets.UTF_8);
            }
            StringBuilder out = new StringBuilder();
            for (char c : latin1(value).toCharArray()) {
                boolean breaks = c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '#' || c == '&' || c == '%'
                        || c == '+' || mode < 9 && (c < 0x20 || c >= 0x7F);
                out.append(breaks ? String.format("%%%02X", (int) c) : String.valueOf(c));
            }
            return out.toString();
        }

        private String selector() {
            return switch (random.nextInt(10)) {
                case 0, 1, 2, 3, 4, 5 -> pick(SELECTORS);
                case 6 -> "https://example.com/" + manyVariables(between(5, 400));
                case 7 -> "{+x}".repeat(between(1, 600));
                case 8 -> text(between(1, 40));
                default -> "https://example.com/" + text(between(0, 20)) + pick("", "/{id}", "{?q}", "{");
            };
        }

        private static String manyVariables(int count) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < count; i++) {
                out.append("{v").append(i).append('}');
            }
            return out.toString();
        }

        private String lastEventId() {
            return pick("earliest", "urn:uuid:" + uuid(), "", "\u000b", "\u007f", "a\u0001b", "\u00e9", "\ud83d\ude00",
                    "x".repeat(10_000), "#", "%00", "\r", text(between(1, 30)));
        }

        // Headers

        private List<String> headers(String method, String path, boolean hasBody, boolean http10) {
            List<String> headers = new ArrayList<>();
            host(headers);
            if (chance(2)) {
                headers.add("Accept: " + pick(ACCEPTS));
            }
            if (hasBody ? !chance(8) : chance(10)) {
                headers.add("Content-Type: " + contentType(path));
            }
            if (chance(2)) {
                headers.add("Authorization: " + authorization(isPublishing(method, path)));
            }
            if (chance(10)) {
                headers.add("Cookie: " + cookie(isPublishing(method, path)));
            }
            if (chance(7)) {
                headers.add("Last-Event-ID: " + headerValue(lastEventId()));
            }
            if (chance(10)) {
                headers.add("Origin: " + (chance(3) ? "http://" + host : pick(ORIGINS)));
            }
            if (chance(8)) {
                headers.add(pick(EXTRA_HEADERS));
            }
            if (http10 && chance(2)) {
                headers.add("Connection: keep-alive");
            }
            oddHeaders(headers);
            if (chance(5)) {
                Collections.shuffle(headers, random);
            }
            return headers;
        }

        private void host(List<String> headers) {
            if (chance(30)) {
                return;
            }
            headers.add("Host: " + (chance(12) ? pick("evil.example", "", "a b", "127.0.0.1:99999", "[::1]",
                    "localhost", "x".repeat(300), "\u00c3\u00a9") : host));
            if (chance(40)) {
                headers.add("Host: " + pick(host, "evil.example"));
            }
        }

        private void oddHeaders(List<String> headers) {
            if (chance(40)) {
                headers.add("X-Long: " + "a".repeat(pick(5_000, 15_000, 25_000, 70_000)));
            }
            if (chance(60)) {
                for (int i = between(100, 160); i > 0; i--) {
                    headers.add("X-Many-" + i + ": v");
                }
            }
            if (chance(25)) {
                headers.add(pick(MALFORMED_HEADER_LINES));
            }
        }

        private static boolean isPublishing(String method, String path) {
            return method.equals("POST") && path.startsWith(HUB);
        }

        private String contentType(String path) {
            if (chance(2)) {
                return pick(CONTENT_TYPES);
            }
            return path.startsWith(HUB) ? FORM : "application/json";
        }

        // A header value from text: its UTF-8 bytes, or now and then its Latin-1 ones (not UTF-8);
        // line breaks dropped, since they would end the header.
        private String headerValue(String text) {
            String value = text.replace("\n", "").replace("\r", chance(4) ? "\r" : "");
            if (chance(5)) {
                StringBuilder latin = new StringBuilder();
                value.chars().forEach(c -> latin.append(c < 0x100 ? (char) c : '?'));
                return latin.toString();
            }
            return latin1(value);
        }

        private String authorization(boolean publishing) {
            return switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> "Bearer " + token(chance(5) != publishing);
                case 4 -> pick("Bearer", "Bearer ", "Bearer  ", "Basic dXNlcjpwYXNz", "Bearer a.b.c", "Bearer ....",
                        "Bearer " + "x".repeat(10_000), "Token abc", "", " ", "Bearer \u00c3\u00a9", "Bearer\u000b");
                case 5 -> pick("bearer ", "BEARER ", "Bearer\t", "Bearer   ") + token(publishing);
                case 6 -> "Bearer " + token(publishing) + pick("  ", "\t", ".", "x", "==", ".x", " x");
                default -> "Bearer " + oddToken(publishing);
            };
        }

        private String cookie(boolean publishing) {
            String token = token(publishing);
            return pick("mercureAuthorization=" + token, "mercureAuthorization=", "mercureAuthorization=\"" + token + "\"",
                    "a=b; mercureAuthorization=" + token, "mercureAuthorization=x; mercureAuthorization=" + token, ";;;",
                    "=;", "mercureAuthorization=" + "x".repeat(5_000), "mercureAuthorization=a\u0001b",
                    "MERCUREAUTHORIZATION=" + token, "mercureAuthorization=" + oddToken(publishing));
        }

        // Tokens

        private String token(boolean publisher) {
            String key = chance(8) ? WRONG_KEY : publisher ? TestTokens.PUBLISHER_KEY : TestTokens.SUBSCRIBER_KEY;
            if (chance(4)) {
                return oddToken(publisher);
            }
            return TestTokens.hs256(key, mercureClaim(publisher), pick(Instant.now().plusSeconds(3600), null,
                    Instant.now().minusSeconds(10), Instant.parse("9999-12-31T23:59:59Z"), Instant.EPOCH));
        }

        private Map<String, Object> mercureClaim(boolean publisher) {
            Map<String, Object> claim = new HashMap<>();
            List<String> selectors = new ArrayList<>();
            for (int i = between(0, 3); i > 0; i--) {
                selectors.add(chance(2) ? "*" : selector());
            }
            claim.put(publisher ? "publish" : "subscribe", selectors);
            if (chance(4)) {
                claim.put(publisher ? "subscribe" : "publish", List.of("*"));
            }
            if (chance(3)) {
                claim.put("payload", jsonishValue(between(0, 4)));
            }
            return claim;
        }

        private Object jsonishValue(int depth) {
            return switch (depth <= 0 ? random.nextInt(4) : random.nextInt(6)) {
                case 0 -> text(between(0, 12));
                case 1 -> random.nextLong();
                case 2 -> random.nextBoolean() ? random.nextDouble() : null;
                case 3 -> true;
                case 4 -> Arrays.asList(jsonishValue(depth - 1), jsonishValue(depth - 1));
                default -> {
                    Map<String, Object> map = new HashMap<>();
                    map.put(text(between(0, 6)), jsonishValue(depth - 1));
                    yield map;
                }
            };
        }

        // A token whose header or claims no helper would write: odd dates, odd claim types, odd
        // algorithms, CR/LF in claims, deep nesting; signed with the hub's key unless the form is odd.
        private String oddToken(boolean publisher) {
            String key = publisher ? TestTokens.PUBLISHER_KEY : TestTokens.SUBSCRIBER_KEY;
            String header = chance(3) ? pick("{\"alg\":\"none\"}", "{\"alg\":\"HS512\"}", "{\"alg\":\"RS256\"}",
                    "{\"alg\":\"HS256\",\"crit\":[\"x\"]}", "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}",
                    "{\"alg\":\"HS256\",\"zip\":\"DEF\"}", "{\"alg\":\"HS256\",\"kid\":\"../../x\"}",
                    "{\"alg\":\"HS256\",\"typ\":1}", "{}", "[]", "x", "{\"alg\":null}",
                    "{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}", "{\"alg\":\"dir\",\"enc\":\"A128GCM\"}")
                    : "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
            String signingInput = base64Url(header) + "." + base64Url(oddClaims(publisher));
            String token = signingInput + "." + (chance(8) ? pick("", "AAAA", "=") : hmac(key, signingInput));
            return chance(8) ? reshape(token) : token;
        }

        private String oddClaims(boolean publisher) {
            String claim = publisher ? "publish" : "subscribe";
            String mercure = "\"mercure\":{\"" + claim + "\":[\"*\"]}";
            String exp = "\"exp\":" + (Instant.now().getEpochSecond() + 3600);
            return switch (random.nextInt(12)) {
                case 0 -> "{\"exp\":" + pick("1e300", "-1", "\"tomorrow\"", "9223372036854775807",
                        "99999999999999999999999", "1.5", "null", "[1]", "true", "253402300800", "-1e300", "0",
                        "253402300799", "1e-300", "{}") + "," + mercure + "}";
                case 1 -> "{" + exp + ",\"" + pick("nbf", "iat") + "\":" + pick("1e300", "-1", "\"x\"", "null",
                        "9223372036854775807", "[]") + "," + mercure + "}";
                case 2 -> "{" + exp + ",\"mercure\":" + pick("\"x\"", "[]", "null", "1", "{\"" + claim + "\":\"*\"}",
                        "{\"" + claim + "\":[1,null]}", "{\"" + claim + "\":[{\"a\":1}]}", "{\"" + claim + "\":null}",
                        "{\"" + claim + "\":[\"*\"],\"payload\":null}", "{\"" + claim + "\":[]}") + "}";
                case 3 -> "{" + exp + ",\"mercure\":{\"" + claim + "\":[\"*\"],\"payload\":" + deepJson(pick(10,
                        500, 999, 1_000, 1_001, 1_500, 3_000, 10_000)) + "}}";
                case 4 -> "{" + exp + ",\"sub\":\"a\\r\\nb\",\"mercure\":{\"" + claim + "\":[\"*\",\"a\\r\\nb\","
                        + "\"\\u0000\"],\"payload\":\"x\\r\\nSet-Cookie: y\\u0085\\u2028\"}}";
                case 5 -> pick("[]", "\"x\"", "null", "123", "", "abc", "{", "{\"exp\":NaN}", "{\"exp\":1,}",
                        "\u00ef\u00bb\u00bf{}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u00\"}");
                case 6 -> "{\"exp\":1," + exp + "," + mercure + "}";
                case 7 -> "{" + exp + ",\"" + pick("aud", "iss", "sub", "jti") + "\":" + pick("1", "[1]", "{}", "null",
                        "true", "\"\"") + "," + mercure + "}";
                case 8 -> "{" + exp + ",\"mercure\":{\"" + claim + "\":[\"" + "x".repeat(pick(10, 3_000, 20_000))
                        + "\"],\"payload\":{\"" + "k".repeat(between(0, 5_000)) + "\":1}}}";
                case 9 -> "{" + exp + ",\"mercure\":{\"" + claim + "\":[\"\u00c3\u00a9\",\"\\ud800\",\"{\",\"\\u0000\"]}}";
                default -> "{" + exp + "," + mercure + "}";
            };
        }

        private String deepJson(int depth) {
            boolean arrays = chance(2);
            String open = arrays ? "[" : "{\"a\":";
            return open.repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
        }

        private String reshape(String token) {
            return pick(token.substring(0, token.lastIndexOf('.')), token + ".x", token + ".x.y", token.replace('-', '+')
                    .replace('_', '/'), token.replace(".", ". "), token.replace(".", "=."), "." + token, token + "\u00ff");
        }

        private static String base64Url(String bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.getBytes(StandardCharsets.ISO_8859_1));
        }

        private static String hmac(String key, String signingInput) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        // Bodies

        private byte[] body(String method, String path) {
            boolean wanted = method.startsWith("P") ? !chance(10) : chance(10);
            if (!wanted) {
                return new byte[0];
            }
            int kind = random.nextInt(10);
            if (kind < 6) {
                return path.startsWith(HUB) ? formBody() : jsonBody();
            }
            if (kind < 8) {
                return chance(2) ? formBody() : jsonBody();
            }
            byte[] bytes = new byte[pick(between(0, 50), between(0, 2_000))];
            random.nextBytes(bytes);
            return bytes;
        }

        private byte[] formBody() {
            List<String> fields = new ArrayList<>();
            int topics = chance(30) ? between(101, 104) : between(0, 3);
            for (int i = 0; i < topics; i++) {
                fields.add(formField("topic", chance(2) ? "https://example.com/fuzz/" + between(0, 9) : selector()));
            }
            if (!chance(5)) {
                fields.add(formField("data", data()));
            }
            if (chance(3)) {
                fields.add(formField("id", chance(2) ? pick(EVENT_FIELDS) : text(between(1, 30))));
            }
            if (chance(3)) {
                fields.add(formField("type", chance(2) ? pick(EVENT_FIELDS) : text(between(1, 30))));
            }
            if (chance(5)) {
                fields.add(formField("retry", pick("0", "5000", "-1", "1e3", "abc", "999999999999", "9999999999999",
                        "0x10", " 5", "", "\u0661\u0662")));
            }
            if (chance(6)) {
                fields.add(pick("private", "private=on", "private=", "private=false"));
            }
            if (chance(8)) {
                fields.add(pick(ODD_PARAMS));
            }
            Collections.shuffle(fields, random);
            return String.join("&", fields).getBytes(StandardCharsets.ISO_8859_1);
        }

        private String formField(String name, String value) {
            return chance(10) ? name + "=" + latin1(value) : name + "=" + queryValue(value);
        }

        private String data() {
            return switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> pick(DATA);
                case 4 -> "x".repeat(chance(60) ? 1_048_577 : between(1_000, 20_000));
                default -> text(between(0, 60));
            };
        }

        private byte[] jsonBody() {
            String json = switch (random.nextInt(8)) {
                case 0, 1, 2 -> "{\"user\":" + jsonString() + "}";
                case 3, 4 -> "{\"user\":" + jsonString() + ",\"text\":" + jsonString() + "}";
                case 5 -> pick("1e309", "-0", "123456789012345678901234567890", "[]", "null", "true", "{}", "[{}]",
                        "{\"user\":null}", "{\"user\":[]}", "{\"user\":{}}", "{\"user\":1}", "{\"user\":\"a\",\"text\":2}",
                        "{\"text\":\"hi\"}", "{\"user\":\"a\",\"extra\":[1,2,{\"b\":null}]}");
                case 6 -> pick("", "{", "}", "{\"user\":", "{\"user\":\"a\"}x", "{'user':'a'}", "{\"user\":\"a\" /*c*/}",
                        "\ufeff{\"user\":\"a\"}", "{\"user\":NaN}", "[", "\"", "nul", "{\"user\":\"a\",}",
                        "{\"user\":\"a\"}{\"user\":\"b\"}", "{\"user\":\"a\",\"user\":\"b\"}", "{\"user\":\"\\x\"}");
                default -> "{\"user\":" + deepJson(pick(10, 999, 1_001, 3_000, 20_000)) + "}";
            };
            if (chance(20)) {
                return json.getBytes(pick(StandardCharsets.UTF_16, StandardCharsets.ISO_8859_1));
            }
            return json.getBytes(StandardCharsets.UTF_8);
        }

        private String jsonString() {
            return pick("\"ada\"", "\"\"", "\" \"", "\"" + "x".repeat(33) + "\"", "\"\\u0000\"", "\"a\\nb\"",
                    "\"\\u2028\"", "\"\\ud800\"", "\"\ud83d\ude00\"", "1", "1e309", "-0", "null", "true", "[]", "{}",
                    "[\"a\"]", "\"" + "y".repeat(between(0, 2_100)) + "\"", "\"\\t\"", "\"\u00e9\"", "\"\\\"\"",
                    "\"" + text(between(1, 10)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }

        private byte[] chunked(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int minimum = Math.max(1, body.length / 50);
            for (int at = 0; at < body.length;) {
                int size = Math.min(body.length - at, between(minimum, Math.max(minimum, body.length)));
                String hex = Integer.toHexString(size);
                String line = (chance(4) ? "00" : "") + (chance(2) ? hex.toUpperCase(Locale.ROOT) : hex)
                        + (chance(10) ? ";ext=\"v\"" : "") + "\r\n";
                out.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, size);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                at += size;
            }
            out.writeBytes(("0\r\n" + (chance(8) ? "X-Trailer: 1\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        // Random picks

        /** Random text from pieces that matter to parsers: delimiters, controls, non-ASCII, surrogates. */
        private String text(int pieces) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < pieces; i++) {
                out.append(pick(TEXT_PIECES));
            }
            return out.toString();
        }

        private UUID uuid() {
            return new UUID(random.nextLong(), random.nextLong());
        }

        /** One in {@code n}. */
        private boolean chance(int n) {
            return random.nextInt(n) == 0;
        }

        private int between(int low, int high) {
            return low + random.nextInt(high - low + 1);
        }

        @SafeVarargs
        private <T> T pick(T... options) {
            return options[random.nextInt(options.length)];
        }

        /** The UTF-8 bytes of {@code text}, one char per byte. */
        private static String latin1(String text) {
            return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
    }
}
