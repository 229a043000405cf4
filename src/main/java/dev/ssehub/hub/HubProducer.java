package dev.ssehub.hub;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.config.HubConfig;

import io.quarkus.runtime.Startup;

/** Builds the transport and the hub from the configuration, and closes them at shutdown. */
class HubProducer {

    @Produces
    @ApplicationScoped
    Transport transport(HubConfig config) {
        return new MemoryTransport(config.history().size(), config.history().maxAge().orElse(null),
                System::currentTimeMillis);
    }

    @Produces
    @Startup
    @ApplicationScoped
    Hub hub(Transport transport, HubConfig config, ObjectMapper json) {
        Hub hub = new Hub(transport, new Hub.Settings(config.subscriberBuffer(), config.heartbeat(), config.subscriptions()),
                json, System::nanoTime);
        hub.start();
        return hub;
    }

    void closeHub(@Disposes Hub hub) {
        hub.close();
    }

    void closeTransport(@Disposes Transport transport) {
        transport.close();
    }
}
