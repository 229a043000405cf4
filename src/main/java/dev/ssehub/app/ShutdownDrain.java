package dev.ssehub.app;

import jakarta.enterprise.event.Observes;

import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscriptionDirectory;
import dev.ssehub.hub.Transport;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;

/**
 * On SIGTERM Quarkus first waits {@code quarkus.shutdown.delay} (set to {@code hub.drain.window}),
 * with readiness down, before it stops the HTTP server: the hub closes its streams in that time.
 * Then the transport stops.
 */
class ShutdownDrain {

    void drain(@Observes ShutdownDelayInitiatedEvent event, Hub hub, HubConfig config) {
        hub.drain(config.drain().window());
    }

    /**
     * After the drain, the transport and the subscription directory stop before the clients they
     * use close, so that the closing is not mistaken for (and logged as) an outage, and the directory
     * can still remove this replica's entries.
     */
    void stopTransport(@Observes ShutdownEvent event, Transport transport, SubscriptionDirectory directory) {
        directory.close();
        transport.close();
    }
}
