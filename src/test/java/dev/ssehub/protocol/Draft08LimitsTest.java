package dev.ssehub.protocol;

import static dev.ssehub.protocol.Draft08Http.ACCESS_COOKIE;
import static dev.ssehub.protocol.Draft08Http.uri;
import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.detail;
import static dev.ssehub.protocol.MercureHttp.get;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code hub.limits.subscriptions-per-token}: beyond it, a subscription presenting the same token is
 * refused with 429 and {@code Retry-After}, whatever the token's draft and however it is presented.
 */
@QuarkusTest
@TestProfile(Draft08LimitsTest.TwoPerToken.class)
class Draft08LimitsTest {

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void aThirdSubscriptionWithTheSameAccessTokenIsTooMany() {
        String token = AccessTokens.subscribeAnything();
        URI target = uri(hub, "match", uniqueTopic("per-token"));
        try (SseTestClient first = open(target, "Authorization", "Bearer " + token);
                SseTestClient second = open(target, "Authorization", "Bearer " + token)) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);

            HttpResponse<String> third = get(target, "Authorization", "Bearer " + token);

            detail(third, 429, "too-many-subscriptions");
            assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        }
    }

    @Test
    void theCookieAndTheHeaderCountForTheSameToken() {
        String token = AccessTokens.subscribeAnything();
        URI target = uri(hub, "match", uniqueTopic("per-token-cookie"));
        try (SseTestClient byHeader = open(target, "Authorization", "Bearer " + token);
                SseTestClient byCookie = open(target, "Cookie", ACCESS_COOKIE + "=" + token)) {
            assertThat(byHeader.status()).isEqualTo(200);
            assertThat(byCookie.status()).isEqualTo(200);

            detail(get(target, "Cookie", ACCESS_COOKIE + "=" + token), 429, "too-many-subscriptions");
        }
    }

    @Test
    void otherTokensAnonymousSubscribersAndDraft07TokensCountApart() {
        String token = AccessTokens.subscribeAnything();
        String draft07 = TestTokens.subscriber("*");
        String topic = uniqueTopic("apart");
        URI target = uri(hub, "match", topic);
        try (SseTestClient first = open(target, "Authorization", "Bearer " + token);
                SseTestClient second = open(target, "Authorization", "Bearer " + token);
                SseTestClient other = open(target, "Authorization", "Bearer " + AccessTokens.subscribeAnything());
                SseTestClient anonymous1 = open(target);
                SseTestClient anonymous2 = open(target);
                SseTestClient anonymous3 = open(target);
                SseTestClient legacy1 = open(MercureHttp.subscribeUri(hub, topic), "Authorization", "Bearer " + draft07);
                SseTestClient legacy2 = open(MercureHttp.subscribeUri(hub, topic), "Authorization", "Bearer " + draft07)) {
            assertThat(other.status()).isEqualTo(200);
            assertThat(anonymous3.status()).isEqualTo(200);
            assertThat(legacy2.status()).isEqualTo(200);

            detail(get(MercureHttp.subscribeUri(hub, topic), "Authorization", "Bearer " + draft07), 429,
                    "too-many-subscriptions");
        }
    }

    @Test
    void aClosedSubscriptionFreesItsPlace() {
        String token = AccessTokens.subscribeAnything();
        URI target = uri(hub, "match", uniqueTopic("freed"));
        try (SseTestClient kept = open(target, "Authorization", "Bearer " + token)) {
            SseTestClient closed = open(target, "Authorization", "Bearer " + token);
            assertThat(closed.status()).isEqualTo(200);
            closed.close();

            // The hub learns of the close when the connection ends: accepted again within a deadline.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                SseTestClient again = SseTestClient.open(target, "Authorization", "Bearer " + token);
                boolean accepted = again.status() == 200;
                again.close();
                return accepted;
            });
            assertThat(kept.status()).isEqualTo(200);
        }
    }

    private static SseTestClient open(URI target, String... headers) {
        return SseTestClient.open(target, headers);
    }

    /** At most two subscriptions per token. */
    public static class TwoPerToken implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.limits.subscriptions-per-token", "2");
        }
    }
}
