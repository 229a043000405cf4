package dev.ssehub.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed configuration of the hub, read from the {@code hub.*} keys (environment variables map as
 * Quarkus does: {@code hub.subscriber-buffer} is {@code HUB_SUBSCRIBER_BUFFER}).
 *
 * <p>The README's configuration table is checked against this interface by a test; add a row there
 * when you add a property here.
 */
@ConfigMapping(prefix = "hub")
public interface HubConfig {

    /**
     * Silence after which an open stream receives a {@code : keep-alive} comment, so that proxies
     * and load balancers do not close it. Every write resets the timer.
     */
    @WithDefault("15s")
    Duration heartbeat();

    /**
     * Events queued for one subscriber that has not yet read them. A subscriber that falls this
     * far behind is disconnected (and logged) instead of slowing others or growing memory.
     */
    @WithDefault("1000")
    @Min(1)
    @Max(1_000_000)
    int subscriberBuffer();

    /** The demo stream at {@code /sse/events}. */
    Demo demo();

    /** Settings of the demo clock and chat. */
    interface Demo {

        /** Period of the shared demo clock whose ticks every {@code /sse/events} subscriber receives. */
        @WithDefault("1s")
        Duration tick();
    }
}
