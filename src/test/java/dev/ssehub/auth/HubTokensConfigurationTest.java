package dev.ssehub.auth;

import static dev.ssehub.auth.AccessTokens.ISSUER;
import static dev.ssehub.auth.AccessTokens.RESOURCE;
import static dev.ssehub.auth.AccessTokens.SECRET;
import static dev.ssehub.auth.AccessTokens.hs256;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Settings the hub refuses to start with, each failing with a message naming the key to set or
 * change; plain JUnit, since {@link HubTokens} is built from a settings record.
 */
class HubTokensConfigurationTest {

    private static HubTokens.Settings settings(boolean draft07, boolean draft08, String resource,
            HubTokens.RoleKeys publisher) {
        return new HubTokens.Settings(draft07, draft08, resource, true, publisher, hs256(SECRET, ISSUER));
    }

    private static void refusedNaming(HubTokens.Settings settings, String... keys) {
        assertThatThrownBy(() -> new HubTokens(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContainingAll(keys);
    }

    @Test
    void theSettingsTheOtherTestsUseAreAccepted() {
        assertThatCode(() -> new HubTokens(settings(true, true, RESOURCE, hs256(SECRET, ISSUER)))).doesNotThrowAnyException();
        assertThatCode(() -> new HubTokens(settings(true, false, null, hs256(SECRET, null)))).doesNotThrowAnyException();
    }

    @Test
    void draft08WithoutAResourceIsRefused() {
        refusedNaming(settings(true, true, null, hs256(SECRET, ISSUER)), "hub.resource", "hub.protocol.draft08");
        refusedNaming(settings(false, true, "  ", hs256(SECRET, ISSUER)), "hub.resource");
    }

    @Test
    void aResourceThatIsNotAnAbsoluteHttpUrlIsRefused() {
        for (String resource : List.of("hub.example.com/.well-known/mercure", "/.well-known/mercure",
                "urn:example:hub", "ftp://hub.example.com/.well-known/mercure", "https:///.well-known/mercure",
                RESOURCE + "#hub", "https://hub example.com/")) {
            refusedNaming(settings(true, true, resource, hs256(SECRET, ISSUER)), "hub.resource");
        }
    }

    @Test
    void aJwksUrlWithoutAnIssuerIsRefused() {
        HubTokens.RoleKeys jwksOnly = new HubTokens.RoleKeys(null, "HS256", null, "https://auth.example.com/jwks.json",
                List.of("RS256"), Duration.ofSeconds(5));
        refusedNaming(settings(true, true, RESOURCE, jwksOnly), "hub.publisher-jwt.jwks-url", "hub.publisher-jwt.issuer");
        refusedNaming(new HubTokens.Settings(true, true, RESOURCE, false, hs256(SECRET, ISSUER), jwksOnly),
                "hub.subscriber-jwt.jwks-url", "hub.subscriber-jwt.issuer");
    }

    @Test
    void bothDraftsOffIsRefused() {
        refusedNaming(settings(false, false, RESOURCE, hs256(SECRET, ISSUER)), "hub.protocol.draft07",
                "hub.protocol.draft08");
    }

    @Test
    void symmetricJwksAlgorithmsAreRefused() {
        for (String algorithm : List.of("HS256", "hs512")) {
            HubTokens.RoleKeys keys = new HubTokens.RoleKeys(null, "HS256", ISSUER, "https://auth.example.com/jwks.json",
                    List.of("RS256", algorithm), Duration.ofSeconds(5));
            refusedNaming(settings(true, true, RESOURCE, keys), "hub.publisher-jwt.jwks-algorithms");
        }
    }

    @Test
    void anUnknownAlgorithmIsRefused() {
        HubTokens.RoleKeys none = new HubTokens.RoleKeys(SECRET, "none", ISSUER, null, List.of(), Duration.ofSeconds(5));
        refusedNaming(settings(true, true, RESOURCE, none), "hub.publisher-jwt.algorithm");
        HubTokens.RoleKeys ps256 = new HubTokens.RoleKeys(null, "HS256", ISSUER, "https://auth.example.com/jwks.json",
                List.of("PS256"), Duration.ofSeconds(5));
        refusedNaming(settings(true, true, RESOURCE, ps256), "hub.publisher-jwt.jwks-algorithms");
    }

    @Test
    void aPublisherWithoutAnyKeyIsRefused() {
        refusedNaming(settings(true, true, RESOURCE, AccessTokens.none()), "hub.publisher-jwt.key",
                "hub.publisher-jwt.jwks-url");
    }

    @Test
    void aKeyUnusableWithItsAlgorithmIsRefused() {
        refusedNaming(settings(true, true, RESOURCE, hs256("short", ISSUER)), "hub.publisher-jwt.key");
        HubTokens.RoleKeys notPem = new HubTokens.RoleKeys("not a pem", "RS256", ISSUER, null, List.of(),
                Duration.ofSeconds(5));
        refusedNaming(settings(true, true, RESOURCE, notPem), "hub.publisher-jwt.key");
    }

    // With draft-07 off a role is verified only for its issuer: without one, the start fails (it once
    // started and refused every token).
    @Test
    void draft08OnlyWithoutAPublisherIssuerIsRefused() {
        refusedNaming(settings(false, true, RESOURCE, hs256(SECRET, null)), "hub.publisher-jwt.issuer");
    }
}
