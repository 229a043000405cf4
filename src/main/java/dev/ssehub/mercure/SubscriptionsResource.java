package dev.ssehub.mercure;

import java.util.function.BiPredicate;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.auth.Claims;
import dev.ssehub.auth.HubTokens;
import dev.ssehub.auth.InvalidTokenException;
import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.Subscriber;
import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.hub.TopicSelector;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

/**
 * The active subscriptions API: JSON-LD lists of the subscriptions open on this hub, each
 * with the {@code lastEventID} to subscribe from to follow their changes without a gap.
 */
@Path(HubPaths.SUBSCRIPTIONS)
@Produces(SubscriptionsResource.JSON_LD)
public class SubscriptionsResource {

    static final String JSON_LD = "application/ld+json";

    private final Hub hub;
    private final HubTokens tokens;
    private final boolean enabled;

    SubscriptionsResource(Hub hub, HubTokens tokens, HubConfig config) {
        this.hub = hub;
        this.tokens = tokens;
        this.enabled = config.subscriptions();
    }

    /** Every active subscription. */
    @GET
    public ObjectNode all(@HeaderParam(HttpHeaders.AUTHORIZATION) String header,
            @QueryParam(TokenLookup.QUERY_PARAMETER) String query, @CookieParam(TokenLookup.COOKIE) String cookie,
            @Context UriInfo uri) {
        authorize(header, query, cookie, uri);
        return list(uri, (subscriber, selector) -> true);
    }

    /** The active subscriptions to one topic selector (percent-encoded in the path). */
    @GET
    @Path("/{topic}")
    public ObjectNode byTopic(@PathParam("topic") String topic, @HeaderParam(HttpHeaders.AUTHORIZATION) String header,
            @QueryParam(TokenLookup.QUERY_PARAMETER) String query, @CookieParam(TokenLookup.COOKIE) String cookie,
            @Context UriInfo uri) {
        authorize(header, query, cookie, uri);
        return list(uri, (subscriber, selector) -> selector.value().equals(topic));
    }

    /** One subscription of one subscriber (both percent-encoded in the path). */
    @GET
    @Path("/{topic}/{subscriber}")
    public ObjectNode one(@PathParam("topic") String topic, @PathParam("subscriber") String subscriberId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String header, @QueryParam(TokenLookup.QUERY_PARAMETER) String query,
            @CookieParam(TokenLookup.COOKIE) String cookie, @Context UriInfo uri) {
        authorize(header, query, cookie, uri);
        String lastEventId = hub.lastEventId();
        for (Subscriber subscriber : hub.subscribers()) {
            if (subscriber.id().equals(subscriberId)) {
                for (TopicSelector selector : subscriber.topics()) {
                    if (selector.value().equals(topic)) {
                        return hub.subscriptionDocuments().document(subscriber, selector, true)
                                .put("lastEventID", lastEventId);
                    }
                }
            }
        }
        throw new ProblemException(ProblemType.NOT_FOUND, 404, "No active subscription of " + subscriberId + " to "
                + topic + "; list them at " + HubPaths.SUBSCRIPTIONS);
    }

    private ObjectNode list(UriInfo uri, BiPredicate<Subscriber, TopicSelector> wanted) {
        String lastEventId = hub.lastEventId();
        SubscriptionEvents documents = hub.subscriptionDocuments();
        ObjectNode list = documents.newObject();
        list.put("@context", SubscriptionEvents.CONTEXT)
                .put("id", uri.getRequestUri().getRawPath())
                .put("type", "Subscriptions")
                .put("lastEventID", lastEventId);
        ArrayNode entries = list.putArray("subscriptions");
        for (Subscriber subscriber : hub.subscribers()) {
            for (TopicSelector selector : subscriber.topics()) {
                if (wanted.test(subscriber, selector)) {
                    entries.add(documents.document(subscriber, selector, true));
                }
            }
        }
        return list;
    }

    private void authorize(String header, String query, String cookie, UriInfo uri) {
        if (!enabled) {
            throw new ProblemException(ProblemType.NOT_FOUND, 404,
                    "The active subscriptions API is off on this hub (hub.subscriptions=false)");
        }
        TokenLookup.Token token = TokenLookup.find(header, query, cookie);
        if (token == null) {
            throw TokenLookup.missing("The subscriptions API");
        }
        Claims claims;
        try {
            claims = tokens.verifySubscriber(token.value());
        } catch (InvalidTokenException e) {
            throw TokenLookup.unauthorized(e.getMessage());
        }
        String topic = uri.getRequestUri().getRawPath();
        if (!HubTokens.canSubscribe(claims, topic)) {
            throw new ProblemException(ProblemType.FORBIDDEN, 403, "The token's mercure.subscribe selectors do not "
                    + "match " + topic + "; a selector such as " + HubPaths.SUBSCRIPTIONS
                    + "{/topic}{/subscriber} grants access to the whole API");
        }
    }
}
