package dev.ssehub.hub;

import jakarta.enterprise.event.Observes;

import dev.ssehub.config.HubConfig;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;

/**
 * On SIGTERM Quarkus first waits {@code quarkus.shutdown.delay} (set to {@code hub.drain.window}),
 * with readiness down, before it stops the HTTP server: the hub closes its streams in that time.
 */
class ShutdownDrain {

    void drain(@Observes ShutdownDelayInitiatedEvent event, Hub hub, HubConfig config) {
        hub.drain(config.drain().window());
    }
}
