package dev.ssehub.auth;

import static dev.ssehub.auth.AccessTokens.ISSUER;
import static dev.ssehub.auth.AccessTokens.assertRefused;
import static dev.ssehub.auth.AccessTokens.hs256;
import static dev.ssehub.auth.AccessTokens.jwk;
import static dev.ssehub.auth.AccessTokens.jwks;
import static dev.ssehub.auth.AccessTokens.token;
import static dev.ssehub.auth.AccessTokens.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * Access tokens verified with keys of the issuer's JWKS, served by a local HTTP server that counts
 * what the hub asks; plain JUnit, since only the key fetching is under test, not the hub's HTTP.
 */
class JwksKeysTest {

    private final KeyPair rsa = AccessTokens.rsa();
    private final JwksServer issuer;

    JwksKeysTest() throws IOException {
        issuer = new JwksServer().serve(List.of(jwk(rsa.getPublic(), "rsa-1")));
    }

    @AfterEach
    void close() {
        issuer.close();
    }

    private HubTokens hubTrustingTheJwks(Duration timeout) {
        return AccessTokens.hub(jwks(issuer.url(), ISSUER, timeout), AccessTokens.none());
    }

    @Test
    void rs256Es256AndEdDsaKeysOfTheSetVerifyAndTheSetIsFetchedOnce() {
        KeyPair ec = AccessTokens.ec();
        KeyPair ed = AccessTokens.ed25519();
        issuer.serve(List.of(jwk(rsa.getPublic(), "rsa-1"), jwk(ec.getPublic(), "ec-1"), jwk(ed.getPublic(), "ed-1")));
        HubTokens hub = hubTrustingTheJwks(Duration.ofSeconds(5));

        assertThat(verified(hub.verifyPublisher(token().header("kid", "rsa-1").sign(rsa.getPrivate(), "RS256"))).publish())
                .isNotNull();
        assertThat(verified(hub.verifyPublisher(token().header("kid", "ec-1").sign(ec.getPrivate(), "ES256"))).publish())
                .isNotNull();
        assertThat(verified(hub.verifyPublisher(token().header("kid", "ed-1").sign(ed.getPrivate(), "EdDSA"))).publish())
                .isNotNull();
        assertThat(issuer.requests()).isEqualTo(1);
    }

    @Test
    void aTokenWithoutKidVerifiesWithTheOnlyKeyOfItsType() {
        HubTokens hub = hubTrustingTheJwks(Duration.ofSeconds(5));
        assertThat(verified(hub.verifyPublisher(token().sign(rsa.getPrivate(), "RS256"))).publish()).isNotNull();
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderAKnownKidIsRefused() {
        HubTokens hub = hubTrustingTheJwks(Duration.ofSeconds(5));
        String forged = token().header("kid", "rsa-1").sign(AccessTokens.rsa().getPrivate(), "RS256");
        assertRefused(hub.verifyPublisher(forged), forged, "signature");
    }

    @Test
    void anUnknownKidIsRefusedAfterAtMostOneMoreFetch() {
        HubTokens hub = hubTrustingTheJwks(Duration.ofSeconds(5));
        String unknown = token().header("kid", "rsa-2").sign(AccessTokens.rsa().getPrivate(), "RS256");
        assertRefused(hub.verifyPublisher(unknown), unknown, "not one of its issuer's keys");
        // The set was fetched for this very token: refetching within 30 s of that is what the limit forbids.
        assertThat(issuer.requests()).isEqualTo(1);
    }

    @Test
    void unknownKidsInARowFetchTheSetAtMostOncePerThirtySeconds() {
        HubTokens hub = hubTrustingTheJwks(Duration.ofSeconds(5));
        KeyPair attacker = AccessTokens.rsa();
        for (int i = 0; i < 25; i++) {
            String unknown = token().header("kid", "made-up-" + i).sign(attacker.getPrivate(), "RS256");
            assertRefused(hub.verifyPublisher(unknown), unknown, "not one of its issuer's keys");
        }
        assertThat(issuer.requests()).isEqualTo(1);
        // The known key still verifies meanwhile, from what is held.
        assertThat(verified(hub.verifyPublisher(token().header("kid", "rsa-1").sign(rsa.getPrivate(), "RS256"))))
                .isNotNull();
        assertThat(issuer.requests()).isEqualTo(1);
    }

    // Slow (about 30 s): the refetch limit is a constant of JwksKeys, with no clock a test can move.
    @Test
    void aKeyRotatedInIsFoundByTheFirstRefetchTheLimitAllows() {
        HubTokens hub = hubTrustingTheJwks(Duration.ofSeconds(5));
        assertThat(verified(hub.verifyPublisher(token().header("kid", "rsa-1").sign(rsa.getPrivate(), "RS256"))))
                .isNotNull();
        KeyPair rotated = AccessTokens.rsa();
        issuer.serve(List.of(jwk(rsa.getPublic(), "rsa-1"), jwk(rotated.getPublic(), "rsa-2")));
        String withRotatedKey = token().header("kid", "rsa-2").sign(rotated.getPrivate(), "RS256");

        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(JwksKeys.REFRESH_AT_MOST_EVERY_SECONDS + 15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> accepted(hub.verifyPublisher(withRotatedKey)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(JwksKeys.REFRESH_AT_MOST_EVERY_SECONDS + 3));
        assertThat(issuer.requests()).as("the first fetch and the one refetch, whatever the polls in between").isEqualTo(2);
    }

    private static boolean accepted(Uni<Claims> verification) {
        return verification.onItem().transform(claims -> true).onFailure(InvalidTokenException.class).recoverWithItem(false)
                .await().atMost(AccessTokens.VERDICT_WITHIN);
    }

    @Test
    void anAlgorithmOutsideTheJwksAllowlistIsRefused() {
        HubTokens hub = hubTrustingTheJwks(Duration.ofSeconds(5));
        String rs384 = token().header("kid", "rsa-1").sign(rsa.getPrivate(), "RS384");
        assertRefused(hub.verifyPublisher(rs384), rs384);
        String none = token().header("kid", "rsa-1").unsigned();
        assertRefused(hub.verifyPublisher(none), none);
    }

    @Test
    void theSetBelongsToItsIssuerAndRoleOnly() {
        HubTokens hub = AccessTokens.hub(jwks(issuer.url(), ISSUER, Duration.ofSeconds(5)),
                hs256(AccessTokens.SECRET, "https://subscribers.example.com"));
        String asSubscriberIssuer = token().claim("iss", "https://subscribers.example.com").header("kid", "rsa-1")
                .sign(rsa.getPrivate(), "RS256");
        assertRefused(hub.verifySubscriber(asSubscriberIssuer), asSubscriberIssuer);
        String asPublisherIssuer = token().header("kid", "rsa-1").sign(rsa.getPrivate(), "RS256");
        assertRefused(hub.verifySubscriber(asPublisherIssuer), asPublisherIssuer, "issuer");
        assertThat(verified(hub.verifyPublisher(asPublisherIssuer)).publish()).isNotNull();
    }

    @Test
    void aKeySetNamedByTheTokenIsNeverFetched() throws IOException {
        KeyPair attacker = AccessTokens.rsa();
        try (JwksServer attackers = new JwksServer().serve(List.of(jwk(attacker.getPublic(), "evil")))) {
            HubTokens hub = hubTrustingTheJwks(Duration.ofSeconds(5));
            String token = token().header("jku", attackers.url()).header("kid", "evil").sign(attacker.getPrivate(), "RS256");
            assertRefused(hub.verifyPublisher(token), token);
            assertThat(attackers.requests()).isZero();
        }
    }

    @Test
    void anUnreachableSetRefusesTokensSayingRetryLater() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HubTokens hub = AccessTokens.hub(jwks("http://127.0.0.1:" + port + "/jwks.json", ISSUER, Duration.ofSeconds(1)),
                AccessTokens.none());
        String token = token().header("kid", "rsa-1").sign(rsa.getPrivate(), "RS256");
        assertRefused(hub.verifyPublisher(token), token, "retry later");
    }

    // jwks-timeout bounds the whole fetch, not each of jose4j's retries (once 4 attempts: 3.3 s for 500 ms).
    @Test
    void aSetSlowerThanTheTimeoutRefusesTokensWithinTheTimeout() {
        issuer.stall();
        Duration timeout = Duration.ofMillis(500);
        HubTokens hub = hubTrustingTheJwks(timeout);
        String token = token().header("kid", "rsa-1").sign(rsa.getPrivate(), "RS256");

        long start = System.nanoTime();
        assertRefused(hub.verifyPublisher(token), token, "retry later");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("refused after %s ms with a %s ms timeout, %s requests", took.toMillis(), timeout.toMillis(),
                issuer.requests()).isLessThan(timeout.multipliedBy(2).plusMillis(500));
    }

    // Tokens arriving while the issuer stalls share one fetch and fail fast after it (once: one fetch
    // each, queued on one thread, 16 requests and 10 s for 4 tokens).
    @Test
    void concurrentTokensDuringAStallAreAllRefusedWithinTheTimeout() {
        issuer.stall();
        Duration timeout = Duration.ofMillis(300);
        HubTokens hub = hubTrustingTheJwks(timeout);
        List<UniAssertSubscriber<Claims>> verdicts = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            Uni<Claims> verification = hub.verifyPublisher(token().header("kid", "rsa-1").sign(rsa.getPrivate(), "RS256"));
            verdicts.add(verification.subscribe().withSubscriber(UniAssertSubscriber.create()));
        }
        for (UniAssertSubscriber<Claims> verdict : verdicts) {
            verdict.awaitFailure(Duration.ofSeconds(30)).assertFailedWith(InvalidTokenException.class, "retry later");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("4 tokens refused after %s ms with a %s ms timeout, %s requests", took.toMillis(),
                timeout.toMillis(), issuer.requests()).isLessThan(timeout.multipliedBy(2).plusMillis(500));
    }
}
