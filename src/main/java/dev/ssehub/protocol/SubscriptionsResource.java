package dev.ssehub.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.auth.Claims;
import dev.ssehub.auth.HubTokens;
import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Draft;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.ops.ApiDocs;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The active subscriptions API, in the shape of the draft of the token that asks: JSON-LD lists
 * with a {@code lastEventID} for draft-07 tokens; plain JSON with the cursor in a
 * {@code Link: rel="mercure"; last-event-id} header for draft-08 access tokens. Either way, following
 * subscription events from that cursor misses no change after the list.
 */
@Path(HubPaths.SUBSCRIPTIONS)
@Produces({SubscriptionsResource.JSON_LD, MediaType.APPLICATION_JSON})
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

    private static final String ACCESS = " With a draft-07 token, its `mercure.subscribe` selectors must match the "
            + "requested path, e.g. `/.well-known/mercure/subscriptions{/topic}{/subscriber}` for the whole API; with a "
            + "draft-08 access token, a `subscribe` authorization detail must match it, e.g. the URL Pattern "
            + "`/.well-known/mercure/subscriptions/*`. 403 otherwise; 404 when the API is off (`hub.subscriptions=false`).";
    private static final String TOPIC = "Draft-07: the topic selector; draft-08: the match type (exact, urlpattern, "
            + "uritemplate). Percent-encoded as one path segment";

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
    public Uni<Response> all(@BeanParam TokenSources sources, @Context HttpServerRequest request) {
        return serve(request, sources);
    }

    /** Draft-07: the active subscriptions to one topic selector (percent-encoded in the path). */
    @GET
    @Path("/{topic}")
    @Operation(operationId = "subscriptionsByTopic", summary = "List the active subscriptions to one topic selector "
            + "(draft-07)", description = "The subscriptions whose selector is exactly the given one." + ACCESS)
    @APIResponse(responseCode = "200", description = "The active subscriptions to that selector (maybe none)",
            content = @Content(mediaType = JSON_LD, schema = @Schema(ref = ApiDocs.SUBSCRIPTIONS)))
    public Uni<Response> byTopic(@PathParam("topic") @Parameter(description = TOPIC) String topic,
            @BeanParam TokenSources sources, @Context HttpServerRequest request) {
        return serve(request, sources);
    }

    /** Draft-07: one subscription of one subscriber; draft-08: the subscriptions of one matcher. */
    @GET
    @Path("/{topic}/{subscriber}")
    @Operation(operationId = "subscription", summary = "Get one subscription (draft-07), or list those of one "
            + "matcher (draft-08)", description = "Draft-07: the subscription of one subscriber to one topic selector; "
                    + "404 when there is none. Draft-08: `/{match_type}/{match}`, the subscriptions of one matcher."
                    + ACCESS)
    @APIResponse(responseCode = "200", description = "The subscription, or the list",
            content = @Content(mediaType = JSON_LD, schema = @Schema(ref = ApiDocs.SUBSCRIPTION)))
    public Uni<Response> one(@PathParam("topic") @Parameter(description = TOPIC) String topic,
            @PathParam("subscriber") @Parameter(description = "Draft-07: the subscriber's id; draft-08: the matcher. "
                    + "Percent-encoded") String subscriberId,
            @BeanParam TokenSources sources, @Context HttpServerRequest request) {
        return serve(request, sources);
    }

    /** Draft-08: one subscription of one subscriber. */
    @GET
    @Path("/{matchType}/{match}/{subscriber}")
    @Operation(operationId = "subscriptionOfMatcher", summary = "Get one subscription (draft-08)",
            description = "The subscription of one subscriber to one matcher; 404 when there is none." + ACCESS)
    @APIResponse(responseCode = "200", description = "The subscription",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiDocs.SUBSCRIPTION)))
    public Uni<Response> ofMatcher(@PathParam("matchType") @Parameter(description = "exact, urlpattern or uritemplate")
            String matchType, @PathParam("match") @Parameter(description = "The matcher, percent-encoded") String match,
            @PathParam("subscriber") @Parameter(description = "The subscriber's id, percent-encoded") String subscriberId,
            @BeanParam TokenSources sources, @Context HttpServerRequest request) {
        return serve(request, sources);
    }

    /**
     * Serves any of the forms. The path parameters JAX-RS matched are not used: what is authorized
     * and served comes from one reading of the raw path, so that the two cannot differ. The token's
     * draft decides how the path reads and the shape of the answer.
     */
    private Uni<Response> serve(HttpServerRequest request, TokenSources sources) {
        if (!enabled) {
            throw new ProblemException(ProblemType.NOT_FOUND, 404,
                    "The active subscriptions API is off on this hub (hub.subscriptions=false)");
        }
        TokenLookup.Token token = TokenLookup.find(sources.sources(), null, tokens);
        if (token == null) {
            throw TokenLookup.missing("The subscriptions API", tokens);
        }
        Draft draft = tokens.kindOf(token.value()) == Claims.Kind.DRAFT08 ? Draft.DRAFT08 : Draft.DRAFT07;
        SubscriptionPath path = SubscriptionPath.parse(request.path(), draft);
        // Read before the list: following changes from it may repeat one already listed, never miss one.
        String lastEventId = hub.lastEventId();
        return TokenLookup.verify(token, tokens::verifySubscriber, draft, tokens)
                .invoke(claims -> authorize(claims, path.canonical()))
                .chain(claims -> hub.activeSubscriptions())
                // A TransportUnavailableException becomes a 503 with Retry-After (ProblemExceptionMappers).
                .map(records -> answer(draft, path, lastEventId, records.stream().filter(record -> wanted(path, record))
                        .toList()));
    }

    private static boolean wanted(SubscriptionPath path, ObjectNode record) {
        if (path.topic() == null) {
            return true;
        }
        boolean matcher = path.matchType() == null ? record.path("topic").asText().equals(path.topic())
                : SubscriptionEvents.matchTypeOf(record).equals(path.matchType())
                        && SubscriptionEvents.matchOf(record).equals(path.topic());
        return matcher && (path.subscriber() == null || record.path("subscriber").asText().equals(path.subscriber()));
    }

    private Response answer(Draft draft, SubscriptionPath path, String lastEventId, List<ObjectNode> records) {
        SubscriptionEvents documents = hub.subscriptionDocuments();
        if (path.subscriber() != null && records.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, 404, "No active subscription of " + path.subscriber()
                    + " to " + path.topic() + "; list them at " + HubPaths.SUBSCRIPTIONS);
        }
        ObjectNode body;
        if (path.subscriber() != null) {
            body = documents.render(records.get(0), draft);
        } else {
            body = documents.newObject();
            if (draft == Draft.DRAFT07) {
                body.put("@context", SubscriptionEvents.CONTEXT);
            }
            body.put("id", path.canonical()).put("type", draft == Draft.DRAFT07 ? "Subscriptions" : "subscriptions");
            ArrayNode entries = body.putArray("subscriptions");
            for (ObjectNode record : records) {
                entries.add(documents.render(record, draft));
            }
        }
        if (draft == Draft.DRAFT07) {
            body.put("lastEventID", lastEventId);
            return Response.ok(body, JSON_LD).build();
        }
        String hubUrl = tokens.resource() == null ? HubPaths.HUB : tokens.resource();
        return Response.ok(body, MediaType.APPLICATION_JSON)
                .header("Link", "<" + hubUrl + ">; rel=\"mercure\"; last-event-id=\"" + quoted(lastEventId)
                        + "\"; type=\"mercure\"; content-type=\"application/json\"")
                .header("Cache-Control", "must-revalidate")
                .build();
    }

    // Ids the hub accepted hold no control characters; a quote or backslash is escaped as in any
    // quoted-string, and the value goes out as its UTF-8 bytes, as the SSE id field has it.
    private static String quoted(String value) {
        String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
        return new String(escaped.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private void authorize(Claims claims, String canonicalPath) {
        if (!tokens.canSubscribe(claims, canonicalPath)) {
            throw TokenLookup.forbidden(claims.kind() == Claims.Kind.DRAFT08
                    ? "No subscribe authorization detail of the token matches " + canonicalPath + "; the URL Pattern "
                            + HubPaths.SUBSCRIPTIONS + "{/*}? (match_type urlpattern) grants access to the whole API"
                    : "The token's mercure.subscribe selectors do not match " + canonicalPath + "; a selector such as "
                            + HubPaths.SUBSCRIPTIONS + "{/topic}{/subscriber} grants access to the whole API", tokens);
        }
    }
}
