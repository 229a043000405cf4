package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.FORM;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.form;
import static dev.ssehub.protocol.MercureHttp.post;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.send;
import static dev.ssehub.protocol.MercureHttp.subscribeUri;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With hub.cors.origins set, pages of that origin may subscribe and publish with credentials; other origins are refused. */
@QuarkusTest
@TestProfile(CorsTest.AppOrigin.class)
class CorsTest {

    private static final String APP = "https://app.example.com";
    private static final String OTHER = "https://evil.example.com";

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void aPreflightFromTheAllowedOriginIsAnsweredWithCredentials() {
        for (String method : new String[] {"GET", "POST"}) {
            HttpResponse<String> response = preflight(APP, method, "authorization,last-event-id");

            assertThat(response.statusCode()).as(method).isBetween(200, 204);
            HttpHeaders headers = response.headers();
            assertThat(headers.firstValue("Access-Control-Allow-Origin")).as(method).hasValue(APP);
            assertThat(headers.firstValue("Access-Control-Allow-Credentials")).as(method).hasValue("true");
            assertThat(lower(headers, "Access-Control-Allow-Methods")).as(method).contains(method.toLowerCase(Locale.ROOT));
            assertThat(lower(headers, "Access-Control-Allow-Headers")).as(method)
                    .contains("authorization").contains("last-event-id");
        }
    }

    @Test
    void aStreamRequestedFromTheAllowedOriginCarriesTheCorsHeaders() {
        String topic = uniqueTopic("cors-stream");
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, topic), "Origin", APP)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
            assertThat(client.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
            // A page that resumes needs to read the Last-Event-ID the hub answers with.
            assertThat(lower(client.headers(), "Access-Control-Expose-Headers")).contains("last-event-id");

            String id = publishOk(hub, TestTokens.publisher("*"), "topic", topic, "data", "across origins");
            assertThat(client.next(WAIT).id()).isEqualTo(id);
        }
    }

    @Test
    void aPageOfTheAllowedOriginMaySubscribeAndPublishWithTheCookie() {
        String topic = uniqueTopic("cors-cookie");
        String subscriberCookie = "mercureAuthorization=" + TestTokens.subscriber(topic);
        String publisherCookie = "mercureAuthorization=" + TestTokens.publisher(topic);
        try (SseTestClient client = SseTestClient.open(subscribeUri(hub, topic), "Origin", APP,
                "Cookie", subscriberCookie)) {
            assertThat(client.status()).isEqualTo(200);

            HttpResponse<String> published = post(hub, form("topic", topic, "data", "private", "private", "on")
                    .getBytes(StandardCharsets.UTF_8), "Content-Type", FORM, "Origin", APP, "Cookie", publisherCookie);

            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            assertThat(published.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
            assertThat(client.next(WAIT).id()).isEqualTo(published.body());
        }
    }

    @Test
    void anotherOriginIsRefused() {
        String topic = uniqueTopic("cors-refused");

        HttpResponse<String> preflight = preflight(OTHER, "GET", "authorization");
        HttpResponse<String> stream = MercureHttp.get(subscribeUri(hub, topic), "Origin", OTHER);
        HttpResponse<String> publish = post(hub, form("topic", topic, "data", "x").getBytes(StandardCharsets.UTF_8),
                "Content-Type", FORM, "Origin", OTHER, "Cookie", "mercureAuthorization=" + TestTokens.publisher("*"));

        for (HttpResponse<String> response : List.of(preflight, stream, publish)) {
            assertThat(response.statusCode()).as(response.request().method()).isEqualTo(403);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(response.request().method())
                    .isEmpty();
        }
        assertThat(stream.body()).isNotEqualTo(MercureHttp.STREAM_OPENED);
    }

    /** "This hub's origin" is never read from Host: a request naming another origin in both is refused. */
    @Test
    void originAndHostOfAnotherSiteDoNotMakeItThisHub() {
        String topic = uniqueTopic("cors-forged-host");
        byte[] body = form("topic", topic, "data", "forged").getBytes(StandardCharsets.UTF_8);
        try (SseTestClient client = MercureHttp.subscribe(hub, topic)) {
            MercureHttp.RawResponse forged = MercureHttp.raw(hub, "POST", hub.getRawPath(), body, "Host",
                    "evil.example.com", "Origin", "http://evil.example.com", "Content-Type", FORM,
                    "Cookie", "mercureAuthorization=" + TestTokens.publisher("*"));
            String marker = publishOk(hub, TestTokens.publisher("*"), "topic", topic, "data", "marker");

            assertThat(forged.status()).as(forged.body()).isEqualTo(403);
            assertThat(client.next(WAIT).id()).as("the forged update was not published").isEqualTo(marker);
        }
    }

    private HttpResponse<String> preflight(String origin, String method, String headers) {
        return send(HttpRequest.newBuilder(hub).timeout(WAIT)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .build());
    }

    private static String lower(HttpHeaders headers, String name) {
        return String.join(",", headers.allValues(name)).toLowerCase(Locale.ROOT);
    }

    /** Pages of https://app.example.com may use the hub. */
    public static class AppOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.cors.origins", APP);
        }
    }
}
