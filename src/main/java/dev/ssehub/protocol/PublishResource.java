package dev.ssehub.protocol;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ssehub.auth.Claims;
import dev.ssehub.auth.HubTokens;
import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.Update;
import dev.ssehub.ops.ApiDocs;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

import io.smallrye.mutiny.Uni;

/** Publishing over HTTP: {@code POST /.well-known/mercure} with a form, authorized by a publisher token. */
@Path(HubPaths.HUB)
@Tag(name = ApiDocs.HUB)
public class PublishResource {

    private static final MediaType TEXT_UTF8 = MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8");

    private final Hub hub;
    private final HubTokens tokens;
    private final UpdateForm form;
    private final List<String> publishOrigins;

    PublishResource(Hub hub, HubTokens tokens, HubConfig config) {
        this.hub = hub;
        this.tokens = tokens;
        String resource = tokens.resource();
        List<String> reserved = new ArrayList<>(List.of(HubPaths.HUB));
        String resourcePath = resource == null ? null : URI.create(resource).getRawPath();
        if (resourcePath != null && !resourcePath.isEmpty() && !reserved.contains(resourcePath)) {
            reserved.add(resourcePath);
        }
        this.form = new UpdateForm(config.maxTopics(), config.maxUpdateSize().asLongValue(),
                resource != null ? resource : "https://hub.invalid" + HubPaths.HUB, reserved);
        this.publishOrigins = config.publishOrigins().or(() -> config.cors().origins()).orElse(List.of());
    }

    /**
     * Publishes an update from the form fields {@code topic} (one or more), {@code data},
     * {@code private}, {@code id}, {@code type} and {@code retry}; answers {@code 200} with the
     * update's id as {@code text/plain}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "publish", summary = "Publish an update", description = "Publishes an update to its "
            + "topics. The publisher token's `mercure.publish` selectors must match every topic of the update (403 "
            + "otherwise). Subscribers matching any of the topics receive it; a private update reaches only those "
            + "whose token allows one of its topics. Publishing with the `mercureAuthorization` cookie needs an "
            + "`Origin` (or `Referer`) listed in `hub.publish-origins` (or `hub.cors.origins`); 403 otherwise, and "
            + "always when neither is set.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(ref = ApiDocs.PUBLISH_FORM)))
    @APIResponse(responseCode = "200", description = "Published; the body is the update's id", content = @Content(
            mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING),
            example = "urn:uuid:01a20be5-5135-7000-949a-e873fadb6a90"))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "413", ref = ApiDocs.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "500", ref = ApiDocs.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    @SecurityRequirement(name = ApiDocs.BEARER)
    @SecurityRequirement(name = ApiDocs.QUERY_TOKEN)
    @SecurityRequirement(name = ApiDocs.COOKIE_TOKEN)
    public Uni<Response> publish(byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @BeanParam TokenSources sources,
            @HeaderParam("Origin") @Parameter(hidden = true) String origin,
            @HeaderParam("Referer") @Parameter(hidden = true) String referer) {
        // JAX-RS lets a request without Content-Type through to any @Consumes; a form it is not.
        if (contentType == null || contentType.isBlank()) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, 415, "Content-Type (none) is not accepted "
                    + "here; send application/x-www-form-urlencoded");
        }
        TokenLookup.Token token = TokenLookup.find(sources.sources(), null, tokens);
        if (token == null) {
            throw TokenLookup.missing("Publishing", tokens);
        }
        if (token.source() == TokenLookup.Source.COOKIE) {
            requireAllowedOrigin(origin, referer);
        }
        if (token.source() == TokenLookup.Source.QUERY && tokens.kindOf(token.value()) == Claims.Kind.DRAFT08) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, 400, "draft-08 takes no token in the URL (the "
                    + "authorization query parameter): send 'Authorization: Bearer <token>'",
                    TokenLookup.challenge(tokens, "invalid_request"));
        }
        // The form is read before the token is verified: a malformed one is refused whatever the token.
        Map<String, List<String>> fields;
        try {
            fields = FormBody.parse(body == null ? new byte[0] : body);
        } catch (FormBody.MalformedFormException e) {
            throw new ProblemException(ProblemType.MALFORMED_FORM, 400, "The body is not a valid "
                    + "application/x-www-form-urlencoded form: " + e.getMessage());
        }
        Update update = form.read(fields);
        return TokenLookup.verify(token, tokens::verifyPublisher, null, tokens).chain(claims -> {
            if (!tokens.canPublish(claims, update.topics())) {
                throw TokenLookup.forbidden(notAllowed(claims, update), tokens);
            }
            // A TransportUnavailableException becomes a 503 with Retry-After (ProblemExceptionMappers).
            return hub.publish(update);
        }).map(stored -> Response.ok(stored.id(), TEXT_UTF8).build());
    }

    private static String notAllowed(Claims claims, Update update) {
        if (claims.kind() == Claims.Kind.DRAFT08) {
            return "The token grants publish on " + (claims.publish() == null ? "no topic" : "the matchers "
                    + claims.publish()) + ", which do not match every topic of the update " + update.topics()
                    + "; issue a token with an authorization detail whose actions hold publish and whose topics cover "
                    + "them (or {\"match\": \"*\"})";
        }
        return "The token's mercure.publish selectors " + (claims.publish() == null ? "are missing"
                : claims.publish().toString()) + " do not match every topic of the update " + update.topics()
                + "; issue a token whose mercure.publish covers them (or [\"*\"])";
    }

    // A cookie travels with any request the browser makes, including forged cross-site ones: only
    // pages of a configured origin may publish with it. This hub's own origin is not taken from the
    // request's Host, which whoever sends the request chooses.
    private void requireAllowedOrigin(String origin, String referer) {
        if (publishOrigins.isEmpty()) {
            throw new ProblemException(ProblemType.FORBIDDEN, 403, "Publishing with the mercureAuthorization cookie "
                    + "is off on this hub: list the origins of the pages that may do it in hub.publish-origins (or "
                    + "hub.cors.origins); servers should send 'Authorization: Bearer <JWS>' instead");
        }
        String from = origin != null ? origin : originOf(referer);
        if (from != null && publishOrigins.contains(from)) {
            return;
        }
        throw new ProblemException(ProblemType.FORBIDDEN, 403, "Publishing with the mercureAuthorization cookie "
                + "needs an Origin (or Referer) listed in hub.publish-origins (or hub.cors.origins); got "
                + (from == null ? "none" : "another one") + ". Servers should send 'Authorization: Bearer <JWS>' instead");
    }

    private static String originOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI parsed = URI.create(url);
            return parsed.getScheme() == null || parsed.getAuthority() == null ? null
                    : parsed.getScheme() + "://" + parsed.getAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
