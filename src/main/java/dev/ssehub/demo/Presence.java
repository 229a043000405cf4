package dev.ssehub.demo;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscribeRequest;
import dev.ssehub.hub.SubscriptionEvents;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Counts the subscribers of the chat from the hub's own {@code Subscription} updates, which it
 * subscribes to like any client with a token would (so it needs {@code hub.subscriptions=true}),
 * and tells the pages: after each such update it sends a {@code subscribers} event with
 * {@code {"count":n}} ({@link PageEvents}).
 */
@Startup
@ApplicationScoped
public class Presence {

    /** Event name of the count. */
    public static final String SUBSCRIBERS = "subscribers";

    private static final Logger LOG = Logger.getLogger(Presence.class);

    private final PageEvents page;
    private final ObjectMapper json;
    private final Set<String> subscribers = ConcurrentHashMap.newKeySet();
    private final Cancellable subscription;

    Presence(Hub hub, PageEvents page, ObjectMapper json) {
        this.page = page;
        this.json = json;
        String chatSubscriptions = SubscriptionEvents.PATH + "/" + SubscriptionEvents.percentEncode(DemoTopics.CHAT)
                + "/{subscriber}";
        List<String> selectors = List.of(chatSubscriptions);
        subscription = hub.stream(new SubscribeRequest(selectors, null, selectors, null, null))
                .filter(Envelope.class::isInstance)
                .map(Envelope.class::cast)
                .subscribe().with(this::count, failure -> LOG.error("Presence count stopped", failure));
    }

    /** Subscribers of the chat now. */
    public int count() {
        return subscribers.size();
    }

    @PreDestroy
    void stop() {
        subscription.cancel();
    }

    private void count(Envelope envelope) {
        try {
            JsonNode subscription = json.readTree(envelope.update().data());
            String subscriber = subscription.path("subscriber").asText();
            if (subscription.path("active").asBoolean()) {
                subscribers.add(subscriber);
            } else {
                subscribers.remove(subscriber);
            }
        } catch (JsonProcessingException e) {
            LOG.warnf("Ignoring a subscription update that is not JSON: %s", envelope.id());
            return;
        }
        page.emit(SUBSCRIBERS, "{\"count\":" + subscribers.size() + "}");
    }
}
