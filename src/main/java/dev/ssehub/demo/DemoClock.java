package dev.ssehub.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.ssehub.config.HubConfig;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The one clock of the demo: a single timer, started with the application, that sends the current
 * instant (ISO-8601, millisecond precision) as a default event to every page ({@link PageEvents}).
 * Every page receives the same ticks; none creates its own timer. Ticks are this replica's own and
 * never go through the hub: with several replicas, each page shows the clock of the replica it is
 * connected to.
 */
@Startup
@ApplicationScoped
public class DemoClock {

    private static final Logger LOG = Logger.getLogger(DemoClock.class);

    private final Cancellable ticks;

    DemoClock(PageEvents page, HubConfig config) {
        ticks = Multi.createFrom().ticks().every(config.demo().tick())
                .subscribe().with(
                        tick -> page.emit(null, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()),
                        failure -> LOG.error("Demo clock stopped", failure));
    }

    @PreDestroy
    void stop() {
        ticks.cancel();
    }
}
