package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.SseTestClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Discovery: the page and its stream point Mercure clients at the hub with a Link header. */
@QuarkusTest
class DiscoveryTest {

    private static final String LINK = "</.well-known/mercure>; rel=\"mercure\"";

    @TestHTTPResource("/sse/index")
    URI page;

    @TestHTTPResource("/sse/events")
    URI events;

    @Test
    void thePageLinksToTheHub() {
        HttpResponse<String> response = MercureHttp.get(page);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Link")).contains(LINK);
    }

    @Test
    void thePagesStreamLinksToTheHub() {
        try (SseTestClient client = SseTestClient.open(events)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().allValues("Link")).contains(LINK);
        }
    }
}
