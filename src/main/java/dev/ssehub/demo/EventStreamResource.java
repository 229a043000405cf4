package dev.ssehub.demo;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

import dev.ssehub.demo.PageEvents.PageEvent;
import dev.ssehub.hub.ClientKey;
import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscribeRequest;
import dev.ssehub.hub.Update;
import dev.ssehub.hub.sse.Comment;
import dev.ssehub.hub.sse.Frame;
import dev.ssehub.hub.sse.Notice;
import dev.ssehub.hub.sse.RetryHint;
import dev.ssehub.ops.ApiDocs;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The demo stream for the page at {@code /sse/index}: the chat's events, read from the hub
 * in-process as any subscriber reads them, merged with this replica's own clock ticks and
 * subscriber counts ({@link PageEvents}), written with the JAX-RS SSE API. It ends when the hub
 * ends the chat's subscription (the replica shuts down).
 */
@Path("/sse/events")
@Tag(name = ApiDocs.DEMO)
public class EventStreamResource {

    private static final PageEvent END = new PageEvent("", null, "");

    private final Hub hub;
    private final PageEvents page;

    EventStreamResource(Hub hub, PageEvents page) {
        this.hub = hub;
        this.page = page;
    }

    /** Opens a stream of every demo event published from now on, with keep-alive comments when idle. */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Link", value = "</.well-known/mercure>; rel=\"mercure\"")
    @Operation(operationId = "events", summary = "Follow the demo",
            description = "The demo page's stream: the events of the hub topic `/demo/chat` published from now on, "
                    + "read from the hub in-process, with this replica's clock ticks and subscriber counts. No token, "
                    + "no replay.")
    @APIResponse(responseCode = "200", description = "The stream, open until the client disconnects or the replica "
            + "shuts down (after a `retry:` hint)", headers = {
                @Header(name = "Cache-Control", description = "`no-cache`", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "X-Accel-Buffering", description = "`no`: proxies must not buffer",
                        schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "Link", description = "`</.well-known/mercure>; rel=\"mercure\"`: the hub",
                        schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                    description = "Server-sent events: clock ticks as unnamed events whose data is an ISO-8601 "
                            + "instant; `user_joined`, `user_left` and `message` events with JSON data; "
                            + "`subscribers` events with `{\"count\":n}`; a comment when idle for `hub.heartbeat`.")))
    @APIResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_SUBSCRIPTIONS)
    @APIResponse(responseCode = "500", ref = ApiDocs.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Multi<OutboundSseEvent> events(@Context Sse sse, @Context HttpServerRequest request) {
        if (hub.isDraining()) {
            // Not an error status: an EventSource would give up for good. A retry hint brings it back.
            return Multi.createFrom().item(toOutbound(sse, RetryHint.forShutdown()));
        }
        SubscribeRequest chat = SubscribeRequest.anonymous(List.of(DemoTopics.CHAT)).withClient(clientOf(request));
        // The head goes out as soon as the stream is returned: a refusal must come before.
        hub.checkClientConnections(chat);
        CompletableFuture<PageEvent> chatEnded = new CompletableFuture<>();
        Multi<OutboundSseEvent> chatEvents = hub.stream(chat).map(frame -> toOutbound(sse, frame))
                .onTermination().invoke(() -> chatEnded.complete(END));
        // The page's own events go on until the chat's subscription ends, and not a moment longer.
        Multi<OutboundSseEvent> pageEvents = Multi.createBy().merging()
                .streams(page.stream(), Uni.createFrom().completionStage(chatEnded).toMulti())
                .select().first(event -> event != END)
                .map(event -> toOutbound(sse, event));
        // The page's own events first: a subscriber count caused by this very subscription must find it listening.
        return Multi.createBy().merging().streams(pageEvents, chatEvents);
    }

    // Who the client is for the hub's per-client limits: its address, as the hub's own endpoints count it.
    private static String clientOf(HttpServerRequest request) {
        return ClientKey.of(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
    }

    /**
     * The head of the stream without the stream: JAX-RS would otherwise answer HEAD by running
     * {@link #events}, opening a subscription whose body is never sent and never ends.
     */
    @HEAD
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "Link", value = "</.well-known/mercure>; rel=\"mercure\"")
    @Operation(hidden = true)
    public Response head() {
        return Response.ok().type(MediaType.SERVER_SENT_EVENTS_TYPE).build();
    }

    private static OutboundSseEvent toOutbound(Sse sse, PageEvent event) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder().id(event.id()).data(String.class, event.data());
        if (event.name() != null) {
            builder.name(event.name()).mediaType(MediaType.APPLICATION_JSON_TYPE);
        }
        return builder.build();
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
