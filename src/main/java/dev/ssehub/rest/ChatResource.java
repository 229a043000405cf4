package dev.ssehub.rest;

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
import dev.ssehub.hub.Event;

/** The demo chat: announces users and broadcasts their messages on {@code /sse/events}. */
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
    public Accepted join(@Valid @NotNull(message = BODY_REQUIRED) JoinRequest body) {
        return accepted(chat.join(body.user()));
    }

    /** Broadcasts {@code user_left} for the given user. */
    @DELETE
    @Path("/users/{user}")
    @ResponseStatus(ACCEPTED)
    public Accepted leave(
            @PathParam("user") @UserName String user) {
        return accepted(chat.leave(user));
    }

    /** Broadcasts a {@code message} event with the user and text. */
    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(ACCEPTED)
    public Accepted send(@Valid @NotNull(message = BODY_REQUIRED) MessageRequest body) {
        return accepted(chat.send(body.user(), body.text()));
    }

    private static Accepted accepted(Event event) {
        return new Accepted(event.id(), event.type());
    }
}
