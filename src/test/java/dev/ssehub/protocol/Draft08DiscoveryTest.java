package dev.ssehub.protocol;

import static dev.ssehub.protocol.Draft08Http.METADATA_URL;
import static dev.ssehub.protocol.Draft08Http.challenge;
import static dev.ssehub.protocol.MercureHttp.get;
import static dev.ssehub.protocol.MercureHttp.readJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ssehub.support.AccessTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The hub's OAuth 2.0 protected resource metadata (RFC 9728) as draft-08 clients find it: at the
 * well-known path derived from the hub's URL, and named by the {@code resource_metadata} of every
 * challenge.
 */
@QuarkusTest
class Draft08DiscoveryTest {

    @TestHTTPResource("/.well-known/oauth-protected-resource/.well-known/mercure")
    URI metadata;

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void theMetadataNamesTheResourceAndWhatTheHubSupports() {
        HttpResponse<String> response = get(metadata);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode document = readJson(response.body());
        assertThat(document.path("resource").asText()).isEqualTo(AccessTokens.RESOURCE);
        assertThat(texts(document.path("authorization_details_types_supported"))).containsExactly(AccessTokens.DETAIL_TYPE);
        assertThat(texts(document.path("bearer_methods_supported"))).containsExactly("header");
        assertThat(document.path("mercure_cookie").asText()).isEqualTo(Draft08Http.ACCESS_COOKIE);
        assertThat(texts(document.path("mercure_matcher_types_supported")))
                .contains("exact", "urlpattern").doesNotHaveDuplicates();
        assertThat(document.path("mercure_subscriptions").isBoolean()).isTrue();
        assertThat(document.path("mercure_subscriptions").asBoolean()).isTrue();
    }

    @Test
    void challengesPointAtTheMetadataDerivedFromTheResource() {
        HttpResponse<String> response = MercureHttp.post(hub, "topic=x".getBytes(StandardCharsets.UTF_8),
                "Content-Type", MercureHttp.FORM);

        // RFC 9728, section 3.1: the well-known path goes between the resource's authority and its path.
        String resource = URI.create(AccessTokens.RESOURCE).getPath();
        assertThat(METADATA_URL).isEqualTo("http://127.0.0.1/.well-known/oauth-protected-resource" + resource);
        assertThat(challenge(response.headers())).contains("resource_metadata=\"" + METADATA_URL + "\"");
        assertThat(URI.create(METADATA_URL).getPath()).isEqualTo(metadata.getPath());
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
