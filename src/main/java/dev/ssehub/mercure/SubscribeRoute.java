package dev.ssehub.mercure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.auth.Claims;
import dev.ssehub.auth.HubTokens;
import dev.ssehub.auth.InvalidTokenException;
import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscribeRequest;
import dev.ssehub.hub.TopicSelector;
import dev.ssehub.problem.Problem;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

import io.vertx.core.Context;
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

    private final Hub hub;
    private final HubTokens tokens;
    private final HubConfig config;
    private final ObjectMapper json;

    SubscribeRoute(Hub hub, HubTokens tokens, HubConfig config, ObjectMapper json) {
        this.hub = hub;
        this.tokens = tokens;
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.get(HubPaths.HUB).handler(this::subscribe);
    }

    private void subscribe(RoutingContext rc) {
        try {
            open(rc, read(rc.request()));
        } catch (ProblemException e) {
            writeProblem(rc, e);
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            LOG.errorf(e, "Unexpected error on %s (incident %s)", rc.request().path(), incident);
            writeProblem(rc, new ProblemException(ProblemType.INTERNAL_ERROR, 500,
                    "The server failed to handle this request; report incident " + incident));
        }
    }

    private void open(RoutingContext rc, SubscribeRequest request) {
        if (hub.isDraining()) {
            throw new ProblemException(ProblemType.UNAVAILABLE, 503, "This server is shutting down; reconnect, "
                    + "the load balancer sends you to another one", Map.of("Retry-After", "1"));
        }
        HttpServerResponse response = rc.response();
        Context context = rc.vertx().getOrCreateContext();
        ConnectionSink sink = new ConnectionSink(context, response, hub);
        hub.subscribe(request, sink).subscribe().with(
                subscribed -> context.runOnContext(v -> {
                    if (subscribed.responseLastEventId() != null) {
                        response.putHeader(LAST_EVENT_ID, subscribed.responseLastEventId());
                    }
                    sink.open(subscribed.subscriber());
                }),
                failure -> context.runOnContext(v -> {
                    LOG.warnf("Subscription refused, history unavailable: %s", failure.getMessage());
                    writeProblem(rc, new ProblemException(ProblemType.UNAVAILABLE, 503, "The history cannot be read "
                            + "now (" + failure.getMessage() + "); retry, or subscribe without Last-Event-ID"));
                }));
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
        if (topics.isEmpty()) {
            throw invalid("topic is required: add one or more topic query parameters, e.g. "
                    + "?topic=https://example.com/books/{id} (a URI Template), an exact topic, or * for all");
        }
        if (topics.size() > config.maxTopics()) {
            throw invalid("a subscription may have at most " + config.maxTopics() + " topic selectors (hub.max-topics); "
                    + "this one has " + topics.size());
        }
        for (String topic : topics) {
            if (topic.length() > UpdateForm.MAX_TOPIC_LENGTH) {
                throw invalid("a topic selector may have at most " + UpdateForm.MAX_TOPIC_LENGTH + " characters; one has "
                        + topic.length());
            }
            try {
                TopicSelector.of(topic);
            } catch (IllegalArgumentException e) {
                throw invalid("topic '" + topic + "' is not a valid URI Template: " + e.getMessage());
            }
        }
        Cookie cookie = request.getCookie(TokenLookup.COOKIE);
        TokenLookup.Token token = TokenLookup.find(request.getHeader("Authorization"), queryToken,
                cookie == null ? null : cookie.getValue());
        Claims claims = null;
        if (token != null) {
            try {
                claims = tokens.verifySubscriber(token.value());
            } catch (InvalidTokenException e) {
                throw TokenLookup.unauthorized(e.getMessage());
            }
        } else if (!config.anonymous()) {
            throw TokenLookup.missing("Subscribing to this hub");
        }
        String lastEventId = request.getHeader(LAST_EVENT_ID);
        if (lastEventId == null || lastEventId.isEmpty()) {
            lastEventId = queryLastEventId == null || queryLastEventId.isEmpty() ? null : queryLastEventId;
        }
        return claims == null
                ? new SubscribeRequest(topics, lastEventId, null, null, null)
                : new SubscribeRequest(topics, lastEventId, claims.subscribe(), claims.payload(), claims.expiresAt());
    }

    private void writeProblem(RoutingContext rc, ProblemException e) {
        if (rc.response().headWritten()) {
            rc.response().reset();
            return;
        }
        Problem problem = e.toProblem(rc.request().path());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException impossible) {
            body = "{\"status\":" + e.status() + "}";
        }
        HttpServerResponse response = rc.response().setStatusCode(e.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        e.headers().forEach(response::putHeader);
        response.end(body);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_SUBSCRIPTION, 400, detail);
    }
}
