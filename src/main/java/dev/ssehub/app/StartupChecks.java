package dev.ssehub.app;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.Config;

import dev.ssehub.config.HubConfig;

/**
 * Settings that each make sense alone but not together, refused before the hub starts with a
 * message that names the keys. (A missing JWT key is refused where the keys are read, by
 * {@code HubTokens}.)
 */
final class StartupChecks {

    private StartupChecks() {
    }

    /** @throws IllegalStateException naming the keys to change */
    static void verify(HubConfig config, Config quarkus) {
        Duration idleTimeout = quarkus.getOptionalValue("quarkus.http.idle-timeout", Duration.class)
                .orElse(Duration.ofMinutes(30));
        if (config.heartbeat().compareTo(idleTimeout) >= 0) {
            // An open stream with nothing to say would be closed as idle before its keep-alive comment.
            throw new IllegalStateException("hub.heartbeat (" + config.heartbeat() + ") must be shorter than "
                    + "quarkus.http.idle-timeout (" + idleTimeout + "); lower the one or raise the other");
        }
        if (config.cors().origins().orElse(List.of()).contains("*")) {
            // Credentials are allowed (the mercureAuthorization cookie): with any origin, any web site
            // could read its visitors' private updates and publish in their name.
            throw new IllegalStateException("hub.cors.origins must list origins (e.g. https://app.example.com), "
                    + "not *: browsers send the mercureAuthorization cookie cross-origin");
        }
    }
}
