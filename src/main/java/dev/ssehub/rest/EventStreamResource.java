package dev.ssehub.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.ResponseHeader;

import dev.ssehub.hub.Broadcaster;
import dev.ssehub.hub.Comment;
import dev.ssehub.hub.Event;
import dev.ssehub.hub.Frame;
import io.smallrye.mutiny.Multi;

/** The demo stream: clock ticks and chat events for the page at {@code /sse/index}. */
@Path("/sse/events")
public class EventStreamResource {

    private final Broadcaster broadcaster;

    EventStreamResource(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    /** Opens a stream of every event published from now on, with keep-alive comments when idle. */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        return broadcaster.subscribe().map(frame -> toOutbound(sse, frame));
    }

    private static OutboundSseEvent toOutbound(Sse sse, Frame frame) {
        if (frame instanceof Comment comment) {
            return sse.newEventBuilder().comment(comment.text()).build();
        }
        Event event = (Event) frame;
        OutboundSseEvent.Builder builder = sse.newEventBuilder()
                .id(event.id())
                .data(String.class, event.data());
        if (event.type() != null) {
            // Named events carry JSON; ticks are plain ISO-8601 text.
            builder.name(event.type()).mediaType(MediaType.APPLICATION_JSON_TYPE);
        }
        if (event.retry() != null) {
            builder.reconnectDelay(event.retry().toMillis());
        }
        return builder.build();
    }
}
