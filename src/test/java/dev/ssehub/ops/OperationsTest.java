package dev.ssehub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.support.FormPublisher;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** What operators and API clients rely on: health probes, Prometheus metrics of the hub, the OpenAPI document. */
@QuarkusTest
class OperationsTest {

    /** Generous: other builds may share the machine. */
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One sample of the Prometheus text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+(\\S+)");

    private static final String HUB = "/.well-known/mercure";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String EVENT_STREAM = "text/event-stream";

    @TestHTTPResource(HUB)
    URI hub;

    // Health

    @Test
    void livenessIsUp() {
        JsonPath health = given().when().get("/q/health/live").then().statusCode(200).extract().jsonPath();

        assertThat(health.getString("status")).isEqualTo("UP");
    }

    @Test
    void readinessIsUpWithTheHubCheckNamingItsTransport() {
        JsonPath health = given().when().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'hub' }.status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'hub' }.data.transport")).isEqualTo("memory");
    }

    // Version

    /** What runs is known from outside: /q/info names the build's version, and no header advertises the stack. */
    @Test
    void infoReportsTheVersionAndNoResponseAdvertisesTheServerStack() {
        JsonPath info = given().when().get("/q/info").then().statusCode(200).extract().jsonPath();

        assertThat(info.getString("build.version")).as("the pom's version").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(info.getString("build.artifact")).isEqualTo("sse-hub");
        for (String path : List.of("/q/info", "/q/health/live", "/sse/index", HUB + "?topic=x")) {
            io.restassured.response.Response response = given().when().head(path);
            assertThat(response.getHeader("Server")).as(path).isNull();
            assertThat(response.getHeader("X-Powered-By")).as(path).isNull();
        }
    }

    // Metrics

    @Test
    void metricsExposeEveryHubMeter() {
        Map<String, Double> metrics = scrape();

        assertThat(metrics).containsKeys(
                "sse_hub_subscribers",
                "sse_hub_history_size",
                "sse_hub_updates_published_total",
                "sse_hub_events_delivered_total",
                "sse_hub_slow_consumer_disconnects_total",
                "sse_hub_events_replayed_total",
                "sse_hub_dispatch_latency_seconds_count",
                "sse_hub_dispatch_latency_seconds_sum",
                "sse_hub_dispatch_latency_seconds_max");
        // A percentile histogram, so that replicas can be aggregated: buckets, the last one +Inf.
        assertThat(metrics.keySet()).filteredOn(key -> key.startsWith("sse_hub_dispatch_latency_seconds_bucket{"))
                .hasSizeGreaterThan(1)
                .anySatisfy(key -> assertThat(key).contains("le=\"+Inf\""));
    }

    @Test
    void anOpenSubscriberCountsAsOne() {
        double before = scrape().get("sse_hub_subscribers");
        try (SseTestClient client = SseTestClient.open(subscribeUri(uniqueTopic()))) {
            assertThat(client.status()).isEqualTo(200);

            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(scrape().get("sse_hub_subscribers")).isGreaterThanOrEqualTo(before + 1));
        }
    }

    @Test
    void publishingToAListenerCountsAPublishedUpdateAndADeliveredEvent() {
        String topic = uniqueTopic();
        try (SseTestClient client = SseTestClient.open(subscribeUri(topic))) {
            assertThat(client.status()).isEqualTo(200);
            Map<String, Double> before = scrape();

            String id = new FormPublisher(hub, TestTokens.publisher("*")).publish("topic", topic, "data", "counted");
            ReceivedEvent event = client.awaitEvent(e -> e.id().equals(id), WAIT);
            assertThat(event.data()).isEqualTo("counted");

            await().atMost(WAIT).untilAsserted(() -> {
                Map<String, Double> after = scrape();
                assertThat(after.get("sse_hub_updates_published_total"))
                        .isGreaterThanOrEqualTo(before.get("sse_hub_updates_published_total") + 1);
                assertThat(after.get("sse_hub_events_delivered_total"))
                        .isGreaterThanOrEqualTo(before.get("sse_hub_events_delivered_total") + 1);
                assertThat(after.get("sse_hub_dispatch_latency_seconds_count"))
                        .isGreaterThanOrEqualTo(before.get("sse_hub_dispatch_latency_seconds_count") + 1);
            });
        }
    }

    // OpenAPI

    @Test
    void openApiListsEveryEndpointWithItsMethods() {
        JsonNode paths = openApi().path("paths");

        assertThat(fieldNames(paths.path(HUB))).contains("get", "post");
        assertThat(fieldNames(paths.path(HUB + "/subscriptions"))).contains("get");
        assertThat(fieldNames(paths.path(HUB + "/subscriptions/{topic}"))).contains("get");
        assertThat(fieldNames(paths.path(HUB + "/subscriptions/{topic}/{subscriber}"))).contains("get");
        assertThat(fieldNames(paths.path("/sse/events"))).contains("get");
        assertThat(fieldNames(paths.path("/sse/users"))).contains("post");
        assertThat(fieldNames(paths.path("/sse/users/{user}"))).contains("delete");
        assertThat(fieldNames(paths.path("/sse/messages"))).contains("post");
    }

    @Test
    void openApiAlsoAnswersToAcceptJson() {
        String body = given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();

        assertThat(read(body).path("paths").has(HUB)).isTrue();
    }

    @Test
    void everyOperationIsTaggedSummarisedAndDescribed() {
        JsonNode document = openApi();

        for (Map.Entry<String, JsonNode> operation : operations(document).entrySet()) {
            JsonNode body = operation.getValue();
            assertThat(body.path("tags")).as("tags of %s", operation.getKey()).hasSize(1);
            assertThat(body.path("tags").get(0).asText()).as("tag of %s", operation.getKey()).isIn("hub", "demo");
            assertThat(body.path("summary").asText()).as("summary of %s", operation.getKey()).isNotBlank();
            assertThat(body.path("description").asText()).as("description of %s", operation.getKey()).isNotBlank();
        }
        for (JsonNode tag : document.path("tags")) {
            assertThat(tag.path("description").asText()).as("description of tag %s", tag.path("name")).isNotBlank();
        }
    }

    @Test
    void bothStreamsAnswerWithAnEventStream() {
        JsonNode document = openApi();

        for (String stream : List.of(HUB, "/sse/events")) {
            JsonNode ok = resolve(document, document.path("paths").path(stream).path("get").path("responses").path("200"));
            assertThat(fieldNames(ok.path("content"))).as("200 of GET %s", stream).containsExactly(EVENT_STREAM);
            assertThat(resolve(document, ok.path("content").path(EVENT_STREAM).path("schema")).path("type").asText())
                    .isEqualTo("string");
        }
    }

    @Test
    void theSubscribeStreamDocumentsItsParametersGapEventAndLastEventIdHeader() {
        JsonNode document = openApi();
        JsonNode subscribe = document.path("paths").path(HUB).path("get");

        Map<String, String> locations = new HashMap<>();
        for (JsonNode parameter : subscribe.path("parameters")) {
            JsonNode resolved = resolve(document, parameter);
            locations.put(resolved.path("name").asText(), resolved.path("in").asText());
        }
        assertThat(locations).containsEntry("topic", "query").containsEntry("lastEventID", "query")
                .containsEntry("authorization", "query").containsEntry("Last-Event-ID", "header")
                .containsEntry("mercureAuthorization", "cookie").containsEntry("match", "query")
                .containsEntry("match_urlpattern", "query").containsEntry("match_uritemplate", "query")
                .containsEntry("last_event_id", "query").containsEntry("__Secure-mercure_access_token", "cookie");
        // A draft-07 request selects with topic, a draft-08 one with match*: neither is required alone.
        for (String selector : List.of("topic", "match", "match_urlpattern", "match_uritemplate")) {
            JsonNode parameter = parameter(document, subscribe, selector);
            assertThat(parameter.path("required").asBoolean()).as("%s required", selector).isFalse();
            assertThat(parameter.path("schema").path("type").asText()).as("%s is repeatable", selector).isEqualTo("array");
        }

        JsonNode ok = resolve(document, subscribe.path("responses").path("200"));
        assertThat(ok.path("headers").has("Last-Event-ID")).isTrue();
        assertThat(ok.path("content").path(EVENT_STREAM).path("schema").path("description").asText())
                .contains("`gap`", "oldestRetained", "`retry:` hint");
        // Unavailable history and shutdown answer a 200 stream with a retry hint: an EventSource
        // stops for good on an error status.
        assertThat(fieldNames(subscribe.path("responses"))).contains("200", "400", "401").doesNotContain("503");
    }

    @Test
    void everyErrorResponseIsAProblemDocument() {
        JsonNode document = openApi();
        JsonNode problem = document.path("components").path("schemas").path("Problem");
        assertThat(fieldNames(problem.path("properties"))).contains("type", "title", "status", "detail", "instance");

        int errors = 0;
        for (Map.Entry<String, JsonNode> operation : operations(document).entrySet()) {
            for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
                if (!response.getKey().matches("[45]\\d\\d")) {
                    continue;
                }
                errors++;
                JsonNode content = resolve(document, response.getValue()).path("content");
                String where = response.getKey() + " of " + operation.getKey();
                assertThat(fieldNames(content)).as(where).containsExactly(PROBLEM_JSON);
                assertThat(resolve(document, content.path(PROBLEM_JSON).path("schema"))).as(where).isEqualTo(problem);
            }
        }
        assertThat(errors).as("error responses documented").isGreaterThan(20);
    }

    @Test
    void successResponsesHaveTheirMediaTypes() {
        JsonNode document = openApi();
        JsonNode paths = document.path("paths");

        assertThat(fieldNames(content(document, paths.path(HUB).path("post"), "200"))).containsExactly("text/plain");
        for (String path : List.of("", "/{topic}", "/{topic}/{subscriber}")) {
            JsonNode ok = content(document, paths.path(HUB + "/subscriptions" + path).path("get"), "200");
            assertThat(fieldNames(ok)).as("GET subscriptions%s", path).containsExactly("application/ld+json");
            assertThat(resolve(document, ok.path("application/ld+json").path("schema")).path("properties").has("type"))
                    .isTrue();
        }
        for (JsonNode chat : List.of(paths.path("/sse/users").path("post"), paths.path("/sse/users/{user}").path("delete"),
                paths.path("/sse/messages").path("post"))) {
            assertThat(fieldNames(content(document, chat, "202"))).containsExactly("application/json");
            assertThat(fieldNames(chat.path("responses"))).doesNotContain("200");
        }
    }

    @Test
    void thePublishFormIsDocumentedFieldByField() {
        JsonNode document = openApi();
        JsonNode body = resolve(document, document.path("paths").path(HUB).path("post").path("requestBody"));

        assertThat(body.path("required").asBoolean()).isTrue();
        assertThat(fieldNames(body.path("content"))).containsExactly("application/x-www-form-urlencoded");
        JsonNode form = resolve(document, body.path("content").path("application/x-www-form-urlencoded").path("schema"));
        assertThat(fieldNames(form.path("properties"))).containsExactlyInAnyOrder(
                "topic", "data", "private", "id", "type", "retry");
        assertThat(form.path("properties").path("topic").path("type").asText()).as("topic is repeatable")
                .isEqualTo("array");
        assertThat(form.path("required")).extracting(JsonNode::asText).containsExactly("topic");
    }

    @Test
    void tokensGoInTheBearerHeaderTheQueryOrTheCookie() {
        JsonNode document = openApi();
        JsonNode schemes = document.path("components").path("securitySchemes");

        JsonNode bearer = schemes.path("bearer");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(bearer.path("bearerFormat").asText()).isEqualTo("JWT");
        Map<String, String> apiKeys = new HashMap<>();
        schemes.forEach(scheme -> {
            if (scheme.path("type").asText().equals("apiKey")) {
                apiKeys.put(scheme.path("name").asText(), scheme.path("in").asText());
            }
        });
        assertThat(apiKeys).containsExactlyInAnyOrderEntriesOf(Map.of(
                "authorization", "query", "mercureAuthorization", "cookie"));

        // Each scheme alone is enough (alternatives); subscribing may also be anonymous (an empty requirement).
        JsonNode paths = document.path("paths");
        for (JsonNode operation : List.of(paths.path(HUB).path("post"), paths.path(HUB + "/subscriptions").path("get"),
                paths.path(HUB + "/subscriptions/{topic}").path("get"),
                paths.path(HUB + "/subscriptions/{topic}/{subscriber}").path("get"))) {
            assertThat(requirements(operation)).containsExactlyInAnyOrder(
                    "bearer", "authorizationQuery", "mercureAuthorizationCookie");
        }
        assertThat(requirements(paths.path(HUB).path("get"))).containsExactlyInAnyOrder(
                "", "bearer", "authorizationQuery", "mercureAuthorizationCookie");
    }

    // Helpers

    private URI subscribeUri(String topic) {
        return URI.create(hub + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    private static String uniqueTopic() {
        return "https://example.com/operations/" + UUID.randomUUID();
    }

    /** The samples of {@code /q/metrics}, by name and labels as written, e.g. {@code x_bucket{le="0.1"}}. */
    private static Map<String, Double> scrape() {
        String text = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                String labels = sample.group(2) == null ? "" : sample.group(2);
                samples.put(sample.group(1) + labels, Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    private static JsonNode openApi() {
        return read(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    /** Every operation of the document, as "METHOD path". */
    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new HashMap<>();
        document.path("paths").forEachEntry((path, item) -> item.forEachEntry((method, operation) -> {
            if (List.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                operations.put(method.toUpperCase(Locale.ROOT) + " " + path, operation);
            }
        }));
        assertThat(operations).as("operations").isNotEmpty();
        return operations;
    }

    /** {@code node}, or what its {@code $ref} points to in {@code document}, followed to the end. */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            assertThat(hops).as("reference chain from %s", node).isLessThan(10);
            String ref = current.path("$ref").asText();
            assertThat(ref).as("local reference").startsWith("#/");
            current = document.at(ref.substring(1));
            assertThat(current.isMissingNode()).as("%s resolves", ref).isFalse();
        }
        return current;
    }

    private static JsonNode content(JsonNode document, JsonNode operation, String status) {
        return resolve(document, operation.path("responses").path(status)).path("content");
    }

    private static JsonNode parameter(JsonNode document, JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode resolved = resolve(document, parameter);
            if (resolved.path("name").asText().equals(name)) {
                return resolved;
            }
        }
        throw new AssertionError("No parameter " + name);
    }

    /** The security requirements of an operation, one scheme name each ("" for the empty one). */
    private static List<String> requirements(JsonNode operation) {
        List<String> names = new ArrayList<>();
        for (JsonNode requirement : operation.path("security")) {
            assertThat(requirement.size()).as("schemes required together in %s", requirement).isLessThanOrEqualTo(1);
            names.add(requirement.isEmpty() ? "" : requirement.fieldNames().next());
        }
        return names;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
