package dev.ssehub.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.auth.Claims;
import dev.ssehub.auth.HubTokens;
import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.ClientKey;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscribeRequest;
import dev.ssehub.hub.SubscriptionRefusedException;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.hub.sse.RetryHint;
import dev.ssehub.hub.topic.TopicSelector;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;
import dev.ssehub.problem.ProblemWriter;
import dev.ssehub.problem.Problems;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Subscribing: {@code GET /.well-known/mercure?topic=…}. Served as a plain Vert.x route, not a
 * JAX-RS resource, so that each update is written as the bytes the hub encoded once for all
 * subscribers, several queued updates in one write.
 */
class SubscribeRoute {

    private static final Logger LOG = Logger.getLogger(SubscribeRoute.class);
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    // Compiling a URI Template costs far more than matching one: bound the work one request can ask
    // for before the hub can weigh what it compiled against its limits.
    private static final int MAX_TEMPLATE_CHARACTERS = 16 * 1024;

    private final Hub hub;
    private final HubTokens tokens;
    private final HubConfig config;
    private final ProblemWriter problems;

    SubscribeRoute(Hub hub, HubTokens tokens, HubConfig config, ObjectMapper json) {
        this.hub = hub;
        this.tokens = tokens;
        this.config = config;
        this.problems = new ProblemWriter(json);
    }

    void install(@Observes Router router) {
        router.get(HubPaths.HUB).handler(this::subscribe);
    }

    private void subscribe(RoutingContext rc) {
        SubscribeRequest request;
        try {
            request = read(rc.request()).withClient(ClientKey.of(rc.request().remoteAddress() == null ? null
                    : rc.request().remoteAddress().hostAddress()));
        } catch (RuntimeException e) {
            problems.write(rc, e);
            return;
        }
        HttpServerResponse response = rc.response();
        if (hub.isDraining()) {
            endWithRetryHint(response, RetryHint.forShutdown());
            return;
        }
        Context context = rc.vertx().getOrCreateContext();
        ConnectionSink sink = new ConnectionSink(context, rc.request(), hub);
        hub.subscribe(request, sink).subscribe().with(
                subscribed -> context.runOnContext(v -> start(rc, sink, subscribed)),
                failure -> context.runOnContext(v -> refuse(rc, failure)));
    }

    /** Sends the head and starts the stream; if that fails, the subscription is ended, nothing kept. */
    private void start(RoutingContext rc, ConnectionSink sink, Hub.Subscribed subscribed) {
        try {
            if (subscribed.responseLastEventId() != null) {
                // As UTF-8 bytes on the wire, the way browsers send the request header. The hub
                // answers only ids it accepted, which hold no control characters.
                rc.response().putHeader(LAST_EVENT_ID, new String(subscribed.responseLastEventId()
                        .getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
            sink.open(subscribed.subscriber());
        } catch (RuntimeException e) {
            hub.unsubscribe(subscribed.subscriber());
            problems.write(rc, e);
        }
    }

    private void refuse(RoutingContext rc, Throwable failure) {
        if (failure instanceof IllegalArgumentException invalid) {
            problems.write(rc, invalid(invalid.getMessage()));
        } else if (failure instanceof SubscriptionRefusedException refused) {
            problems.write(rc, Problems.refused(refused));
        } else {
            String reason;
            if (failure instanceof TransportUnavailableException) {
                LOG.debugf("Subscription with Last-Event-ID deferred: %s", failure.getMessage());
                reason = failure.getMessage().replaceAll("[\\r\\n]", " ");
            } else {
                LOG.warn("Subscription with Last-Event-ID deferred by an unexpected failure", failure);
                reason = "the history cannot be read now";
            }
            endWithRetryHint(rc.response(), RetryHint.jittered(reason + "; reconnect"));
        }
    }

    /**
     * A stream that only tells the client to come back: an EventSource gives up for good on an error
     * status, while after a retry hint it reconnects (keeping its Last-Event-ID), most likely to
     * another replica.
     */
    private static void endWithRetryHint(HttpServerResponse response, RetryHint hint) {
        response.putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                .putHeader("Connection", "close")
                .end(Buffer.buffer(hint.bytes()));
    }

    private SubscribeRequest read(HttpServerRequest request) {
        // Decoded strictly, as publish forms are: Vert.x's own decoder replaces bytes that are not
        // UTF-8, which would leave a subscriber with a selector it never sent and that never matches.
        // The request line arrives as ISO-8859-1 chars, one per byte, so this gets the bytes back.
        Map<String, List<String>> query;
        try {
            String raw = request.query();
            query = raw == null ? Map.of() : FormBody.parse(raw.getBytes(StandardCharsets.ISO_8859_1));
        } catch (FormBody.MalformedFormException e) {
            throw invalid("The query string is not valid percent-encoded UTF-8: " + e.getMessage());
        }
        List<String> topics = query.getOrDefault("topic", List.of());
        String queryLastEventId = first(query, "lastEventID");
        if (queryLastEventId == null) {
            // The name earlier drafts of the protocol used.
            queryLastEventId = first(query, LAST_EVENT_ID);
        }
        String queryToken = first(query, TokenLookup.QUERY_PARAMETER);
        String problem = TopicList.problem(topics, config.maxTopics(), TopicList.Kind.SUBSCRIPTION);
        if (problem != null) {
            throw invalid(problem);
        }
        int templateCharacters = 0;
        for (String topic : topics) {
            templateCharacters += TopicSelector.isTemplate(topic) ? topic.length() : 0;
        }
        if (templateCharacters > MAX_TEMPLATE_CHARACTERS) {
            throw invalid("the URI Templates of one subscription may have at most " + MAX_TEMPLATE_CHARACTERS
                    + " characters together; these have " + templateCharacters);
        }
        Cookie cookie = request.getCookie(TokenLookup.COOKIE);
        TokenLookup.Token token = TokenLookup.find(request.getHeader("Authorization"), queryToken,
                cookie == null ? null : cookie.getValue());
        Claims claims = null;
        if (token != null) {
            claims = TokenLookup.verify(token, tokens::verifySubscriber);
        } else if (!config.anonymous()) {
            throw TokenLookup.missing("Subscribing to this hub");
        }
        String lastEventId = utf8(request.getHeader(LAST_EVENT_ID));
        if (lastEventId == null || lastEventId.isEmpty()) {
            lastEventId = queryLastEventId == null || queryLastEventId.isEmpty() ? null : queryLastEventId;
        }
        return claims == null
                ? new SubscribeRequest(topics, lastEventId, null, null, null)
                : new SubscribeRequest(topics, lastEventId, claims.subscribe(), claims.payload(), claims.expiresAt());
    }

    // Header values arrive as ISO-8859-1, one char per byte; browsers send Last-Event-ID as UTF-8.
    private static String utf8(String header) {
        if (header == null) {
            return null;
        }
        String decoded = FormBody.strictUtf8(header.getBytes(StandardCharsets.ISO_8859_1));
        return decoded != null ? decoded : header;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_SUBSCRIPTION, 400, detail);
    }
}
