package dev.ssehub.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Broadcaster;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The one clock of the demo: a single timer, started with the application, that publishes the
 * current instant (ISO-8601, millisecond precision) as a default event. Every {@code /sse/events}
 * subscriber receives the same ticks; none creates its own timer.
 */
@Startup
@ApplicationScoped
public class DemoClock {

    private static final Logger LOG = Logger.getLogger(DemoClock.class);

    private final Cancellable ticks;

    DemoClock(Broadcaster broadcaster, HubConfig config) {
        ticks = Multi.createFrom().ticks().every(config.demo().tick())
                .subscribe().with(
                        tick -> broadcaster.publish(null, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()),
                        failure -> LOG.error("Demo clock stopped", failure));
    }

    @PreDestroy
    void stop() {
        ticks.cancel();
    }
}
