package dev.ssehub.app;

import java.time.Duration;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscriptionDirectory;
import dev.ssehub.hub.Transport;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;

/**
 * On SIGTERM, before Quarkus stops the HTTP server, the hub closes its streams over
 * {@code hub.drain.window} with readiness down, and the shutdown goes on as soon as the last one has
 * closed: at once when no client is connected. Then the transport stops.
 */
class ShutdownDrain {

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);
    // After the window, the streams' last writes (a retry hint, the end of the response) may still be on their way.
    private static final Duration LAST_WRITES = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 20;

    /**
     * Quarkus fires this on its shutdown thread, then sleeps {@code quarkus.shutdown.delay} (0 here):
     * waiting in the observer makes the wait as long as the drain and no longer.
     */
    void drain(@Observes ShutdownDelayInitiatedEvent event, Hub hub, HubConfig config) {
        Duration window = config.drain().window();
        hub.drain(window);
        long deadline = System.nanoTime() + window.plus(LAST_WRITES).toNanos();
        try {
            while (hub.subscriberCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hub.subscriberCount() > 0) {
            LOG.warnf("%d subscriptions were still open after the drain window; they end with the server",
                    hub.subscriberCount());
        }
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
