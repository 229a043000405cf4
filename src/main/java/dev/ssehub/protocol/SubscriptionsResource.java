package dev.ssehub.protocol;

import java.util.function.Predicate;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.auth.Claims;
import dev.ssehub.auth.HubTokens;
import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.ops.ApiDocs;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The active subscriptions API: JSON-LD lists of the subscriptions open on this hub, each
 * with the {@code lastEventID} to subscribe from to follow their changes without a gap.
 */
@Path(HubPaths.SUBSCRIPTIONS)
@Produces(SubscriptionsResource.JSON_LD)
@Tag(name = ApiDocs.HUB)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
@APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
@APIResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDocs.INTERNAL_ERROR)
@SecurityRequirement(name = ApiDocs.BEARER)
@SecurityRequirement(name = ApiDocs.QUERY_TOKEN)
@SecurityRequirement(name = ApiDocs.COOKIE_TOKEN)
public class SubscriptionsResource {

    static final String JSON_LD = "application/ld+json";

    private static final String ACCESS = " The subscriber token's `mercure.subscribe` selectors must match the requested "
            + "path (403 otherwise), e.g. `/.well-known/mercure/subscriptions{/topic}{/subscriber}` for the whole API. "
            + "404 when the API is off (`hub.subscriptions=false`).";
    private static final String TOPIC = "The topic selector, percent-encoded as one path segment";

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
    @Operation(operationId = "subscriptions", summary = "List the active subscriptions",
            description = "Every subscription open on this hub (on every replica with `hub.transport=redis`), one per "
                    + "topic selector of each subscriber." + ACCESS)
    @APIResponse(responseCode = "200", description = "The active subscriptions",
            content = @Content(mediaType = JSON_LD, schema = @Schema(ref = ApiDocs.SUBSCRIPTIONS)))
    public Uni<ObjectNode> all(@BeanParam TokenSources sources, @Context HttpServerRequest request) {
        return serve(request, sources);
    }

    /** The active subscriptions to one topic selector (percent-encoded in the path). */
    @GET
    @Path("/{topic}")
    @Operation(operationId = "subscriptionsByTopic", summary = "List the active subscriptions to one topic selector",
            description = "The subscriptions whose selector is exactly the given one." + ACCESS)
    @APIResponse(responseCode = "200", description = "The active subscriptions to that selector (maybe none)",
            content = @Content(mediaType = JSON_LD, schema = @Schema(ref = ApiDocs.SUBSCRIPTIONS)))
    public Uni<ObjectNode> byTopic(@PathParam("topic") @Parameter(description = TOPIC) String topic,
            @BeanParam TokenSources sources, @Context HttpServerRequest request) {
        return serve(request, sources);
    }

    /** One subscription of one subscriber (both percent-encoded in the path). */
    @GET
    @Path("/{topic}/{subscriber}")
    @Operation(operationId = "subscription", summary = "Get one subscription",
            description = "The subscription of one subscriber to one topic selector; 404 when there is none." + ACCESS)
    @APIResponse(responseCode = "200", description = "The subscription, with the `lastEventID` to follow it from",
            content = @Content(mediaType = JSON_LD, schema = @Schema(ref = ApiDocs.SUBSCRIPTION)))
    public Uni<ObjectNode> one(@PathParam("topic") @Parameter(description = TOPIC) String topic,
            @PathParam("subscriber") @Parameter(description = "The subscriber's id, percent-encoded") String subscriberId,
            @BeanParam TokenSources sources, @Context HttpServerRequest request) {
        return serve(request, sources);
    }

    /**
     * Serves any of the three forms. The path parameters JAX-RS matched are not used: what is
     * authorized and served comes from one reading of the raw path, so that the two cannot differ.
     */
    private Uni<ObjectNode> serve(HttpServerRequest request, TokenSources sources) {
        if (!enabled) {
            throw new ProblemException(ProblemType.NOT_FOUND, 404,
                    "The active subscriptions API is off on this hub (hub.subscriptions=false)");
        }
        SubscriptionPath path = SubscriptionPath.parse(request.path());
        authorize(sources, path.canonical());
        Uni<ObjectNode> list = list(path.canonical(), document -> (path.topic() == null
                || document.path("topic").asText().equals(path.topic()))
                && (path.subscriber() == null || document.path("subscriber").asText().equals(path.subscriber())));
        if (path.subscriber() == null) {
            return list;
        }
        return list.map(found -> {
            JsonNode entries = found.get("subscriptions");
            if (entries.isEmpty()) {
                throw new ProblemException(ProblemType.NOT_FOUND, 404, "No active subscription of " + path.subscriber()
                        + " to " + path.topic() + "; list them at " + HubPaths.SUBSCRIPTIONS);
            }
            return ((ObjectNode) entries.get(0)).put("lastEventID", found.get("lastEventID").asText());
        });
    }

    /**
     * The list of the active subscriptions that are {@code wanted}, with the {@code lastEventID}
     * read before them: following changes from that id may repeat one already listed, never miss one.
     */
    private Uni<ObjectNode> list(String id, Predicate<ObjectNode> wanted) {
        String lastEventId = hub.lastEventId();
        // A TransportUnavailableException becomes a 503 with Retry-After (ProblemExceptionMappers).
        return hub.activeSubscriptions()
                .map(documents -> {
                    ObjectNode list = hub.subscriptionDocuments().newObject();
                    list.put("@context", SubscriptionEvents.CONTEXT)
                            .put("id", id)
                            .put("type", "Subscriptions")
                            .put("lastEventID", lastEventId);
                    ArrayNode entries = list.putArray("subscriptions");
                    for (ObjectNode document : documents) {
                        if (wanted.test(document)) {
                            // A copy: the directory may keep the document, and one() adds to it.
                            entries.add(document.deepCopy());
                        }
                    }
                    return list;
                });
    }

    private void authorize(TokenSources sources, String canonicalPath) {
        TokenLookup.Token token = sources.find();
        if (token == null) {
            throw TokenLookup.missing("The subscriptions API");
        }
        Claims claims = TokenLookup.verify(token, tokens::verifySubscriber);
        if (!tokens.canSubscribe(claims, canonicalPath)) {
            throw new ProblemException(ProblemType.FORBIDDEN, 403, "The token's mercure.subscribe selectors do not "
                    + "match " + canonicalPath + "; a selector such as " + HubPaths.SUBSCRIPTIONS
                    + "{/topic}{/subscriber} grants access to the whole API");
        }
    }
}
