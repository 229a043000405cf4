package dev.ssehub.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.ssehub.hub.Hub;

/** Ready when the hub's transport accepts updates: a replica that cannot publish gets no traffic. */
@Readiness
@ApplicationScoped
public class HubReadinessCheck implements HealthCheck {

    private final Hub hub;

    HubReadinessCheck(Hub hub) {
        this.hub = hub;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("hub")
                .status(hub.isReady())
                .withData("transport", hub.transportName())
                .withData("subscribers", hub.subscriberCount())
                .build();
    }
}
