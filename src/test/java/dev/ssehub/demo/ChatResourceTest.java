package dev.ssehub.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The chat endpoints: what they accept, and the problem documents for everything they refuse. */
@QuarkusTest
class ChatResourceTest {

    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/sse/events")
    URI events;

    @Test
    void joinIsAcceptedWithTheEventItBecame() {
        given().contentType(JSON).body("{\"user\":\"ada\"}")
                .when().post("/sse/users")
                .then().statusCode(202)
                .body("event", equalTo("user_joined"))
                .body("id", notNullValue());
    }

    @Test
    void limitsAreCountedInCharactersNotBytes() {
        String user = "😀".repeat(32);
        String text = "😀".repeat(2000);
        given().contentType(JSON).body("{\"user\":\"" + user + "\",\"text\":\"" + text + "\"}")
                .when().post("/sse/messages")
                .then().statusCode(202).body("event", equalTo("message"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        given().contentType(JSON).body("{\"user\":\"ada\",\"colour\":\"blue\"}")
                .when().post("/sse/users")
                .then().statusCode(202);
    }

    static Stream<Arguments> invalidBodies() {
        String longUser = "a".repeat(33);
        String longText = "b".repeat(2001);
        return Stream.of(
                Arguments.of("/sse/users", "", "body", "a JSON body is required"),
                Arguments.of("/sse/users", "null", "body", "a JSON body is required"),
                Arguments.of("/sse/users", "{}", "user", "user is required"),
                Arguments.of("/sse/users", "{\"user\":null}", "user", "user is required"),
                Arguments.of("/sse/users", "{\"user\":\"\"}", "user", "1 to 32 characters"),
                Arguments.of("/sse/users", "{\"user\":\"   \"}", "user", "not only spaces"),
                Arguments.of("/sse/users", "{\"user\":\"" + longUser + "\"}", "user", "1 to 32 characters"),
                Arguments.of("/sse/users", "{\"user\":\"a\\u0000b\"}", "user", "control characters"),
                Arguments.of("/sse/users", "{\"user\":\"a\\nb\"}", "user", "line breaks"),
                Arguments.of("/sse/users", "{\"user\":\"a\\u0085b\"}", "user", "control characters"),
                Arguments.of("/sse/users", "{\"user\":\"a\\u2028b\"}", "user", "line breaks"),
                Arguments.of("/sse/users", "{\"user\":\"\\ud800\"}", "user", "valid Unicode"),
                Arguments.of("/sse/users", "{\"user\":{\"name\":\"ada\"}}", "user", "must be a string"),
                Arguments.of("/sse/users", "{\"user\":[\"ada\"]}", "user", "must be a string"),
                Arguments.of("/sse/messages", "{\"user\":\"ada\"}", "text", "text is required"),
                Arguments.of("/sse/messages", "{\"text\":\"hi\"}", "user", "user is required"),
                Arguments.of("/sse/messages", "{\"user\":\"ada\",\"text\":\"\"}", "text", "1 to 2000 characters"),
                Arguments.of("/sse/messages", "{\"user\":\"ada\",\"text\":\" \\n\\t \"}", "text", "not only spaces"),
                Arguments.of("/sse/messages", "{\"user\":\"ada\",\"text\":\"" + longText + "\"}", "text",
                        "1 to 2000 characters"),
                Arguments.of("/sse/messages", "{\"user\":\"ada\",\"text\":\"\\udc00 x\"}", "text", "valid Unicode"),
                Arguments.of("/sse/messages", "{\"user\":\"a\\rb\",\"text\":\"hi\"}", "user", "line breaks"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void invalidBodiesAreRefusedWithAProblemNamingTheField(String path, String body, String field, String detail) {
        given().contentType(JSON).body(body)
                .when().post(path)
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("type", startsWith("urn:sse-hub:problem:"))
                .body("title", notNullValue())
                .body("instance", equalTo(path))
                .body("detail", containsString(detail))
                .body("errors.field", hasItem(field));
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("/sse/users", "hello", "not valid JSON"),
                Arguments.of("/sse/users", "{\"user\":", "not valid JSON"),
                Arguments.of("/sse/users", "{'user':'ada'}", "not valid JSON"),
                Arguments.of("/sse/users", "[\"ada\"]", "must be a JSON object"),
                Arguments.of("/sse/users", "42", "must be a JSON object"),
                Arguments.of("/sse/messages", "\"ada\"", "must be a JSON object"),
                Arguments.of("/sse/messages", "<xml/>", "not valid JSON"),
                Arguments.of("/sse/users", "{\"user\":5}", "user has the wrong JSON type"),
                Arguments.of("/sse/users", "{\"user\":true}", "user has the wrong JSON type"),
                Arguments.of("/sse/users", "{\"user\":[\"ada\"]}", "user has the wrong JSON type"),
                Arguments.of("/sse/messages", "{\"user\":\"ada\",\"text\":1.5}", "text has the wrong JSON type"),
                Arguments.of("/sse/users", "{\"user\":\"ada\",\"user\":\"bob\"}", "not valid JSON"));
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void bodiesThatAreNotTheExpectedJsonAreRefused(String path, String body, String detail) {
        given().contentType(JSON).body(body)
                .when().post(path)
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo("urn:sse-hub:problem:malformed-json"))
                .body("detail", containsString(detail))
                .body("detail", not(containsString("dev.ssehub")));
    }

    @Test
    void wrongContentTypeIs415() {
        problem(given().contentType("text/plain").body("ada").when().post("/sse/users").then(), 415)
                .body("detail", containsString("send application/json"));
    }

    @Test
    void invalidPathParameterIs400() {
        problem(given().when().delete("/sse/users/{user}", " ").then(), 400)
                .body("errors.field", hasItem("user"));
    }

    @Test
    void wrongMethodIs405() {
        problem(given().when().post("/sse/events").then(), 405).body("detail", containsString("POST"));
        problem(given().when().get("/sse/users").then(), 405);
    }

    @Test
    void streamWithWrongAcceptIs406() {
        problem(given().accept(JSON).when().get("/sse/events").then(), 406)
                .body("detail", containsString("accept text/event-stream"))
                .body("detail", not(containsString("application/json otherwise")));
    }

    @Test
    void unknownPathIs404() {
        problem(given().when().get("/sse/nothing-here").then(), 404).body("detail", containsString("/sse/index"));
    }

    @Test
    void nothingInvalidEverReachesAStream() {
        try (SseTestClient client = SseTestClient.open(events)) {
            invalidBodies().forEach(args -> given().contentType(JSON).body((String) args.get()[1])
                    .post((String) args.get()[0]).then().statusCode(400));
            malformedBodies().forEach(args -> given().contentType(JSON).body((String) args.get()[1])
                    .post((String) args.get()[0]).then().statusCode(400));
            given().when().delete("/sse/users/{user}", " ").then().statusCode(400);

            given().contentType(JSON).body("{\"user\":\"marker\"}").post("/sse/users").then().statusCode(202);

            // Skips clock ticks and the subscriber counts, which are not chat events.
            ReceivedEvent first = client.awaitEvent(e -> !e.type().equals("subscribers")
                    && (!e.type().equals("message") || e.data().startsWith("{")), Duration.ofSeconds(10));
            assertThat(first.type()).isEqualTo("user_joined");
            assertThat(first.data()).contains("\"user\":\"marker\"");
        }
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(PROBLEM)
                .body("status", equalTo(status))
                .body("type", startsWith("urn:sse-hub:problem:"))
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }
}
