package dev.ssehub.rest;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.ResponseHeader;

import dev.ssehub.demo.DemoTopics;
import dev.ssehub.hub.Comment;
import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Frame;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.Notice;
import dev.ssehub.hub.RetryHint;
import dev.ssehub.hub.SubscribeRequest;
import dev.ssehub.hub.Update;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

import io.smallrye.mutiny.Multi;

/**
 * The demo stream: clock ticks, chat events and the subscriber count for the page at
 * {@code /sse/index}, read from the hub in-process and written with the JAX-RS SSE API.
 */
@Path("/sse/events")
public class EventStreamResource {

    private final Hub hub;

    EventStreamResource(Hub hub) {
        this.hub = hub;
    }

    /** Opens a stream of every demo event published from now on, with keep-alive comments when idle. */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Link", value = "</.well-known/mercure>; rel=\"mercure\"")
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        if (hub.isDraining()) {
            throw new ProblemException(ProblemType.UNAVAILABLE, 503, "This server is shutting down; reconnect",
                    Map.of("Retry-After", "1"));
        }
        return hub.stream(SubscribeRequest.anonymous(DemoTopics.PAGE)).map(frame -> toOutbound(sse, frame));
    }

    private static OutboundSseEvent toOutbound(Sse sse, Frame frame) {
        if (frame instanceof Comment comment) {
            return sse.newEventBuilder().comment(comment.text()).build();
        }
        if (frame instanceof RetryHint hint) {
            return sse.newEventBuilder().reconnectDelay(hint.millis()).comment(hint.reason()).build();
        }
        if (frame instanceof Notice notice) {
            return sse.newEventBuilder().name(notice.type()).data(String.class, notice.data())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).build();
        }
        Update update = ((Envelope) frame).update();
        OutboundSseEvent.Builder builder = sse.newEventBuilder()
                .id(update.id())
                .data(String.class, update.data());
        if (update.type() != null) {
            // Named events carry JSON; ticks are plain ISO-8601 text.
            builder.name(update.type()).mediaType(MediaType.APPLICATION_JSON_TYPE);
        }
        if (update.retry() != null) {
            builder.reconnectDelay(update.retry().toMillis());
        }
        return builder.build();
    }
}
