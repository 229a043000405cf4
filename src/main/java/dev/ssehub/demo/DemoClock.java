package dev.ssehub.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.Update;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The one clock of the demo: a single timer, started with the application, that publishes the
 * current instant (ISO-8601, millisecond precision) as a default event on {@link DemoTopics#CLOCK}.
 * Every subscriber receives the same ticks; none creates its own timer. Ticks go to this node's
 * subscribers only and stay out of the history: with several replicas, each page shows the clock
 * of the replica it is connected to.
 */
@Startup
@ApplicationScoped
public class DemoClock {

    private static final Logger LOG = Logger.getLogger(DemoClock.class);

    private final Cancellable ticks;

    DemoClock(Hub hub, HubConfig config) {
        ticks = Multi.createFrom().ticks().every(config.demo().tick())
                .subscribe().with(
                        tick -> hub.publishLocal(Update.of(DemoTopics.CLOCK,
                                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())),
                        failure -> LOG.error("Demo clock stopped", failure));
    }

    @PreDestroy
    void stop() {
        ticks.cancel();
    }
}
