package dev.ssehub.ops;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.ssehub.hub.Hub;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The hub's meters at {@code /q/metrics}. Counters and gauges read the hub's own counters when
 * scraped, so delivering an event costs no metric call; only the dispatch latency is recorded,
 * once per update, not per subscriber.
 */
@ApplicationScoped
public class HubMetrics implements MeterBinder {

    private final Hub hub;

    HubMetrics(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sse_hub_subscribers", hub, Hub::subscriberCount)
                .description("Subscribers connected to this replica").register(registry);
        Gauge.builder("sse_hub_history_size", hub, Hub::historySize)
                .description("Updates retained for replay").register(registry);
        FunctionCounter.builder("sse_hub_updates_published", hub, Hub::publishedCount)
                .description("Updates this replica published into the transport").register(registry);
        FunctionCounter.builder("sse_hub_events_delivered", hub, Hub::deliveredCount)
                .description("Updates handed to a subscriber of this replica, one per subscriber reached").register(registry);
        FunctionCounter.builder("sse_hub_slow_consumer_disconnects", hub, Hub::tooSlowCount)
                .description("Subscribers cut off because they fell too far behind").register(registry);
        FunctionCounter.builder("sse_hub_events_replayed", hub, Hub::replayedCount)
                .description("Updates sent from the history to reconnecting subscribers").register(registry);
        Timer latency = Timer.builder("sse_hub_dispatch_latency")
                .description("From the transport accepting an update to this replica offering it to its subscribers")
                .publishPercentileHistogram()
                .register(registry);
        hub.onDispatched(millis -> latency.record(millis, TimeUnit.MILLISECONDS));
    }
}
