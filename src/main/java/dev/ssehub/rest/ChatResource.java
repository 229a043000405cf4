package dev.ssehub.rest;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import dev.ssehub.demo.ChatService;
import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

import io.smallrye.mutiny.Uni;

/** The demo chat: announces users and broadcasts their messages, through the hub, on {@code /sse/events}. */
@Path("/sse")
@Produces(MediaType.APPLICATION_JSON)
public class ChatResource {

    private static final int ACCEPTED = 202;
    private static final String BODY_REQUIRED = "a JSON body is required";

    private final ChatService chat;

    ChatResource(ChatService chat) {
        this.chat = chat;
    }

    /** Broadcasts {@code user_joined} for the given user. */
    @POST
    @Path("/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(ACCEPTED)
    public Uni<Accepted> join(@Valid @NotNull(message = BODY_REQUIRED) JoinRequest body) {
        return accepted(chat.join(body.user()));
    }

    /** Broadcasts {@code user_left} for the given user. */
    @DELETE
    @Path("/users/{user}")
    @ResponseStatus(ACCEPTED)
    public Uni<Accepted> leave(
            @PathParam("user") @UserName String user) {
        return accepted(chat.leave(user));
    }

    /** Broadcasts a {@code message} event with the user and text. */
    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(ACCEPTED)
    public Uni<Accepted> send(@Valid @NotNull(message = BODY_REQUIRED) MessageRequest body) {
        return accepted(chat.send(body.user(), body.text()));
    }

    private static Uni<Accepted> accepted(Uni<Envelope> published) {
        return published
                .map(stored -> new Accepted(stored.id(), stored.update().type()))
                .onFailure(TransportUnavailableException.class).transform(failure -> new ProblemException(
                        ProblemType.UNAVAILABLE, 503, "The event was not accepted: " + failure.getMessage()
                                + "; nothing was sent, retry later", Map.of("Retry-After", "5")));
    }
}
