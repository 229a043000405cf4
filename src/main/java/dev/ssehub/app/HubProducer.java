package dev.ssehub.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Draft;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.Limits;
import dev.ssehub.hub.LocalSubscriptionDirectory;
import dev.ssehub.hub.SubscriptionDirectory;
import dev.ssehub.hub.Transport;
import dev.ssehub.transport.memory.MemoryTransport;
import dev.ssehub.transport.redis.RedisSubscriptionDirectory;
import dev.ssehub.transport.redis.RedisTransport;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Redis;

/** Builds the transport and the hub from the configuration, and closes them at shutdown. */
@Singleton
class HubProducer {

    private static final Logger LOG = Logger.getLogger(HubProducer.class);

    @Produces
    @ApplicationScoped
    Transport transport(HubConfig config, Instance<Redis> redis) {
        HubConfig.History history = config.history();
        return switch (config.transport()) {
            case MEMORY -> new MemoryTransport(history.size(), history.maxBytes().asLongValue(), history.maxAge().orElse(null),
                    System::currentTimeMillis);
            // The client comes from quarkus.redis.*; it is created only when this transport is chosen.
            case REDIS -> new RedisTransport(redis.get(), new RedisTransport.Settings(config.redis().keyPrefix(),
                    history.size(), history.maxAge().orElse(null), config.redis().timeout(), config.redis().minReplicas(),
                    config.redis().replicaAckTimeout()), System::currentTimeMillis);
        };
    }

    @Produces
    @ApplicationScoped
    SubscriptionDirectory subscriptionDirectory(HubConfig config, Instance<Redis> redis, ObjectMapper json) {
        return switch (config.transport()) {
            case MEMORY -> new LocalSubscriptionDirectory();
            case REDIS -> new RedisSubscriptionDirectory(redis.get(), config.redis().keyPrefix(), json, config.redis().timeout());
        };
    }

    // URI Templates come from clients: matched on a thread of their own and compiled on another, never
    // on an event loop, so that their cost falls on template subscribers only.
    private final ExecutorService templateExecutor = singleThread("sse-hub-templates");
    private final ExecutorService compileExecutor = singleThread("sse-hub-compile");

    private static ExecutorService singleThread(String name) {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Produces
    @Startup
    @ApplicationScoped
    Hub hub(Transport transport, SubscriptionDirectory directory, HubConfig config, ObjectMapper json) {
        HubConfig.Limits limits = config.limits();
        List<Draft> drafts = drafts(config);
        Hub hub = new Hub(transport, new Hub.Settings(config.subscriberBuffer(), config.heartbeat(), config.subscriptions(),
                new Limits(limits.connectionsPerClient(), limits.selectorCost(), limits.subscriptionCost(),
                        limits.clientCost(), limits.hubCost(), limits.clientCompileRate(), limits.hubCompileRate(),
                        limits.subscriptionsPerToken()),
                templateExecutor, compileExecutor, config.opaqueIds(), drafts,
                config.maxConnectionLifetime().orElse(null), config.resource().orElse(null)),
                json, System::nanoTime, directory);
        hub.start();
        return hub;
    }

    /**
     * Says the hub is ready once every startup check has passed (they run at priorities up to
     * 1000; the hub itself is built earlier, when the HTTP routes are set up), so that a
     * configuration error is never preceded by a "ready" line.
     */
    void announce(@Observes @Priority(3000) StartupEvent start, Transport transport, HubConfig config) {
        List<Draft> drafts = drafts(config);
        LOG.infof("Hub ready: transport %s, history %d updates%s, subscriber buffer %d, heartbeat %s, "
                + "anonymous subscribers %s, subscription events %s, max %d topics, max update %d bytes, "
                + "CORS origins %s, publisher tokens %s, subscriber tokens %s, protocol %s",
                config.transport() == HubConfig.TransportKind.REDIS
                        ? "redis (key prefix " + config.redis().keyPrefix() + (config.redis().minReplicas() > 0
                                ? ", updates acknowledged by " + config.redis().minReplicas() + " Redis replica(s)" : "") + ")"
                        : transport.name(),
                config.history().size(),
                config.history().maxAge().map(age -> " up to " + age).orElse(""),
                config.subscriberBuffer(), config.heartbeat(), onOff(config.anonymous()), onOff(config.subscriptions()),
                config.maxTopics(), config.maxUpdateSize().asLongValue(),
                config.cors().origins().map(Object::toString).orElse("none (same origin only)"),
                keyDescription(config.publisherJwt()), keyDescription(config.subscriberJwt()),
                drafts.stream().map(draft -> draft == Draft.DRAFT07 ? "draft-07" : "draft-08 (resource "
                        + config.resource().orElse("?") + ")").toList());
    }

    private static List<Draft> drafts(HubConfig config) {
        List<Draft> drafts = new ArrayList<>();
        if (config.protocol().draft07()) {
            drafts.add(Draft.DRAFT07);
        }
        if (config.protocol().draft08()) {
            drafts.add(Draft.DRAFT08);
        }
        return drafts;
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    // Never the key itself: logs travel further than secrets should.
    private static String keyDescription(HubConfig.Jwt jwt) {
        return jwt.key().filter(key -> !key.isBlank()).map(key -> jwt.algorithm()).orElse("not configured");
    }

    void closeHub(@Disposes Hub hub) {
        hub.close();
        templateExecutor.shutdown();
        compileExecutor.shutdown();
    }

    void closeSubscriptionDirectory(@Disposes SubscriptionDirectory directory) {
        directory.close();
    }

    void closeTransport(@Disposes Transport transport) {
        transport.close();
    }
}
