package dev.ssehub.demo;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.ssehub.hub.Envelope;
import dev.ssehub.ops.ApiDocs;

import io.smallrye.mutiny.Uni;

/** The demo chat: announces users and broadcasts their messages, through the hub, on {@code /sse/events}. */
@Path("/sse")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.DEMO)
@APIResponse(responseCode = "202", description = "Published as the event named in the answer",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
@APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
@APIResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDocs.INTERNAL_ERROR)
@APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
public class ChatResource {

    private static final int ACCEPTED = 202;
    private static final String BODY_REQUIRED = "a JSON body is required";
    private static final String ON_CHAT = " to the topic `/demo/chat`, which `/sse/events` carries.";

    private final ChatService chat;

    ChatResource(ChatService chat) {
        this.chat = chat;
    }

    /** Broadcasts {@code user_joined} for the given user. */
    @POST
    @Path("/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(ACCEPTED)
    @Operation(operationId = "join", summary = "Announce a user",
            description = "Publishes a `user_joined` event with `{\"user\":…,\"at\":…}`" + ON_CHAT)
    @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    public Uni<Accepted> join(@Valid @NotNull(message = BODY_REQUIRED) JoinRequest body) {
        return accepted(chat.join(body.user()));
    }

    /** Broadcasts {@code user_left} for the given user. */
    @DELETE
    @Path("/users/{user}")
    @ResponseStatus(ACCEPTED)
    @Operation(operationId = "leave", summary = "Say a user left",
            description = "Publishes a `user_left` event with `{\"user\":…,\"at\":…}`" + ON_CHAT)
    public Uni<Accepted> leave(
            @PathParam("user") @UserName @Parameter(description = "The user's name, 1 to 32 characters") String user) {
        return accepted(chat.leave(user));
    }

    /** Broadcasts a {@code message} event with the user and text. */
    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(ACCEPTED)
    @Operation(operationId = "send", summary = "Send a chat message",
            description = "Publishes a `message` event with `{\"user\":…,\"text\":…,\"at\":…}` (the text "
                    + "exactly as sent)" + ON_CHAT)
    @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    public Uni<Accepted> send(@Valid @NotNull(message = BODY_REQUIRED) MessageRequest body) {
        return accepted(chat.send(body.user(), body.text()));
    }

    // A TransportUnavailableException becomes a 503 with Retry-After (the hub's problem mappers).
    private static Uni<Accepted> accepted(Uni<Envelope> published) {
        return published.map(stored -> new Accepted(stored.id(), stored.update().type()));
    }
}
