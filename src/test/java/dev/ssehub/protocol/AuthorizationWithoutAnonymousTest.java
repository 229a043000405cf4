package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.get;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.subscribeUri;
import static dev.ssehub.protocol.MercureHttp.subscribeWithToken;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With hub.anonymous=false a subscriber needs a valid token: without one 401, with one public updates too. */
@QuarkusTest
@TestProfile(AuthorizationWithoutAnonymousTest.NoAnonymous.class)
class AuthorizationWithoutAnonymousTest {

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void anAnonymousSubscriberIsRefusedWith401AndAChallenge() {
        HttpResponse<String> response = get(subscribeUri(hub, uniqueTopic("anonymous")));

        assertThat(detail(response, 401, "unauthorized")).contains("needs a token").contains("mercureAuthorization");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer realm=\"mercure\""));
    }

    @Test
    void emptyTokenCarriersCountAsNoToken() {
        HttpResponse<String> emptyQuery = get(subscribeUri(hub, List.of(uniqueTopic("empty")), "authorization", ""));
        HttpResponse<String> emptyCookie = get(subscribeUri(hub, uniqueTopic("empty")), "Cookie", "mercureAuthorization=");

        assertThat(detail(emptyQuery, 401, "unauthorized")).contains("needs a token");
        assertThat(detail(emptyCookie, 401, "unauthorized")).contains("needs a token");
    }

    @Test
    void aSubscriberWithAValidTokenReceivesPublicAndAuthorizedPrivateUpdates() {
        String topic = uniqueTopic("authenticated");
        String noSelectors = TestTokens.hs256(TestTokens.SUBSCRIBER_KEY, Map.of("subscribe", List.of()),
                Instant.now().plusSeconds(3600));
        try (SseTestClient authorized = subscribeWithToken(hub, TestTokens.subscriber(topic), topic);
                SseTestClient publicOnly = subscribeWithToken(hub, noSelectors, topic)) {
            String privateId = publishOk(hub, TestTokens.publisher("*"), "topic", topic, "data", "p", "private", "on");
            String publicId = publishOk(hub, TestTokens.publisher("*"), "topic", topic, "data", "public");

            assertThat(authorized.next(WAIT).id()).isEqualTo(privateId);
            assertThat(authorized.next(WAIT).id()).isEqualTo(publicId);
            assertThat(publicOnly.next(WAIT).id()).isEqualTo(publicId);
        }
    }

    /** Anonymous subscribers refused. */
    public static class NoAnonymous implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.anonymous", "false");
        }
    }
}
