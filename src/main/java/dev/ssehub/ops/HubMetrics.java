package dev.ssehub.ops;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;

import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscriptionRefusedException;

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
        gauge(registry, "sse_hub_subscribers", Hub::subscriberCount, "Subscribers connected to this replica");
        gauge(registry, "sse_hub_history_size", Hub::historySize, "Updates retained for replay");
        gauge(registry, "sse_hub_template_cost", Hub::templateCost,
                "Cost of the distinct URI Templates of the open subscriptions (hub.limits.hub-cost bounds it)");
        counter(registry, "sse_hub_updates_published", Hub::publishedCount,
                "Updates this replica published into the transport");
        counter(registry, "sse_hub_events_delivered", Hub::deliveredCount,
                "Updates handed to a subscriber of this replica, one per subscriber reached");
        counter(registry, "sse_hub_slow_consumer_disconnects", Hub::tooSlowCount,
                "Subscribers cut off because they fell too far behind");
        counter(registry, "sse_hub_events_replayed", Hub::replayedCount,
                "Updates sent from the history to reconnecting subscribers");
        counter(registry, "sse_hub_template_evaluations", Hub::templateEvaluations,
                "URI Templates matched against an update, each distinct one at most once per update");
        for (SubscriptionRefusedException.Reason reason : SubscriptionRefusedException.Reason.values()) {
            FunctionCounter.builder("sse_hub_subscriptions_refused", hub, h -> h.refusedCount(reason))
                    .description("Subscriptions refused by a limit (hub.limits.*), by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Timer latency = Timer.builder("sse_hub_dispatch_latency")
                .description("From the transport accepting an update to this replica offering it to its subscribers")
                .publishPercentileHistogram()
                .register(registry);
        hub.onDispatched(millis -> latency.record(millis, TimeUnit.MILLISECONDS));
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<Hub> value, String description) {
        Gauge.builder(name, hub, value).description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, ToDoubleFunction<Hub> value, String description) {
        FunctionCounter.builder(name, hub, value).description(description).register(registry);
    }
}
