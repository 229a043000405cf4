package dev.ssehub.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.auth.Claims;
import dev.ssehub.auth.HubTokens;
import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.ClientKey;
import dev.ssehub.hub.Draft;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.SubscribeRequest;
import dev.ssehub.hub.SubscriptionRefusedException;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.hub.Update;
import dev.ssehub.hub.sse.RetryHint;
import dev.ssehub.hub.topic.Matcher;
import dev.ssehub.hub.topic.SelectorCache;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;
import dev.ssehub.problem.ProblemWriter;
import dev.ssehub.problem.Problems;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Subscribing: {@code GET /.well-known/mercure?topic=…} (draft-07) or {@code ?match=…} (draft-08),
 * or the same parameters in the form body of a {@code QUERY} request. Served as a plain Vert.x
 * route, not a JAX-RS resource, so that each update is written as the bytes the hub encoded once for
 * all subscribers, several queued updates in one write.
 */
class SubscribeRoute {

    private static final Logger LOG = Logger.getLogger(SubscribeRoute.class);
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String MERCURE_LAST_EVENT_ID = "Mercure-Last-Event-ID";
    private static final String FORM = "application/x-www-form-urlencoded";
    /** The method of RFC 10008 for requests that carry their query in the body, so that long matcher lists fit. */
    static final HttpMethod QUERY = HttpMethod.valueOf("QUERY");
    private static final int MAX_QUERY_BODY = 1024 * 1024;
    private static final Set<String> DRAFT07_PARAMETERS = Set.of("topic", "lastEventID", LAST_EVENT_ID,
            TokenLookup.QUERY_PARAMETER);
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
        router.route(HubPaths.HUB).method(QUERY).handler(this::subscribe);
    }

    private void subscribe(RoutingContext rc) {
        // Vert.x makes a new HttpMethod for each request with a method it does not know: compare names.
        if (QUERY.name().equals(rc.request().method().name())) {
            readBody(rc);
            return;
        }
        subscribe(rc, Map.of());
    }

    /** A {@code QUERY} request: its parameters may be in its form body as well as in its URL. */
    private void readBody(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            problems.write(rc, new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, 415, "A QUERY subscription "
                    + "carries its parameters as " + FORM + "; Content-Type was " + (contentType == null ? "none"
                            : "'" + contentType + "'")));
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 12
                && Long.parseLong(length) > MAX_QUERY_BODY) {
            problems.write(rc, new ProblemException(ProblemType.INVALID_SUBSCRIPTION, 413, "A QUERY subscription's "
                    + "body may have at most " + MAX_QUERY_BODY + " bytes"));
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_QUERY_BODY) {
                request.pause();
                problems.write(rc, new ProblemException(ProblemType.INVALID_SUBSCRIPTION, 413, "A QUERY subscription's "
                        + "body may have at most " + MAX_QUERY_BODY + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(done -> {
            if (rc.response().ended()) {
                return;
            }
            try {
                subscribe(rc, FormBody.parse(body.getBytes()));
            } catch (FormBody.MalformedFormException e) {
                problems.write(rc, new ProblemException(ProblemType.MALFORMED_FORM, 400, "The body is not a valid "
                        + FORM + " form: " + e.getMessage()));
            }
        });
    }

    private void subscribe(RoutingContext rc, Map<String, List<String>> body) {
        HttpServerResponse response = rc.response();
        if (hub.isDraining()) {
            endWithRetryHint(response, RetryHint.forShutdown());
            return;
        }
        Uni<Parsed> parsed;
        try {
            parsed = read(rc.request(), body);
        } catch (RuntimeException e) {
            problems.write(rc, e);
            return;
        }
        String client = ClientKey.of(rc.request().remoteAddress() == null ? null
                : rc.request().remoteAddress().hostAddress());
        Context context = rc.vertx().getOrCreateContext();
        ConnectionSink sink = new ConnectionSink(context, rc.request(), hub);
        parsed.chain(request -> hub.subscribe(request.request().withClient(client), sink)
                .map(subscribed -> new Opened(request.request().draft(), subscribed)))
                .subscribe().with(
                        opened -> context.runOnContext(v -> start(rc, sink, opened.draft(), opened.subscribed())),
                        failure -> context.runOnContext(v -> refuse(rc, failure)));
    }

    /** A subscription request read and its token verified. */
    private record Parsed(SubscribeRequest request) {
    }

    /** A subscription the hub opened, and the draft it follows. */
    private record Opened(Draft draft, Hub.Subscribed subscribed) {
    }

    /** Sends the head and starts the stream; if that fails, the subscription is ended, nothing kept. */
    private void start(RoutingContext rc, ConnectionSink sink, Draft draft, Hub.Subscribed subscribed) {
        try {
            if (subscribed.responseLastEventId() != null) {
                // As UTF-8 bytes on the wire, the way browsers send the request header. The hub
                // answers only ids it accepted, which hold no control characters.
                String value = new String(subscribed.responseLastEventId().getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1);
                rc.response().putHeader(MERCURE_LAST_EVENT_ID, value);
                if (draft == Draft.DRAFT07) {
                    rc.response().putHeader(LAST_EVENT_ID, value);
                }
            }
            sink.open(subscribed.subscriber());
        } catch (RuntimeException e) {
            hub.unsubscribe(subscribed.subscriber());
            problems.write(rc, e);
        }
    }

    private void refuse(RoutingContext rc, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            problems.write(rc, problem);
        } else if (failure instanceof IllegalArgumentException invalid) {
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

    /**
     * Reads the request: which draft it follows (its parameters, else its token), its matchers, its
     * last event id and its token, then verifies the token.
     *
     * @param body the fields of a {@code QUERY} request's body, else empty
     * @throws ProblemException for a request that is refused before its token is verified
     */
    private Uni<Parsed> read(HttpServerRequest request, Map<String, List<String>> body) {
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
        Map<String, List<String>> parameters = union(query, body);
        Cookie cookie = request.getCookie(TokenLookup.COOKIE);
        Cookie accessCookie = request.getCookie(TokenLookup.ACCESS_TOKEN_COOKIE);
        TokenLookup.Sources sources = new TokenLookup.Sources(request.getHeader("Authorization"),
                first(parameters, TokenLookup.QUERY_PARAMETER), cookie == null ? null : cookie.getValue(),
                accessCookie == null ? null : accessCookie.getValue());
        Draft draft = draftOf(parameters, sources);
        List<Matcher> topics = draft == Draft.DRAFT08 ? matchers(parameters) : selectors(parameters);
        String lastEventId = utf8(request.getHeader(LAST_EVENT_ID));
        if (lastEventId == null || lastEventId.isEmpty()) {
            // Single-valued: the URL's value comes before the body's.
            String parameter = draft == Draft.DRAFT08 ? first(query, "last_event_id", body) : first(query, "lastEventID", body);
            if (parameter == null && draft == Draft.DRAFT07) {
                // The name earlier drafts of the protocol used.
                parameter = first(query, LAST_EVENT_ID, body);
            }
            lastEventId = parameter == null || parameter.isEmpty() ? null : parameter;
        }
        TokenLookup.Token token = TokenLookup.find(sources, draft, tokens);
        if (token == null) {
            if (!config.anonymous()) {
                throw TokenLookup.missing("Subscribing to this hub", tokens);
            }
            return Uni.createFrom().item(new Parsed(new SubscribeRequest(draft, topics, lastEventId, null, null, null,
                    null, null)));
        }
        String finalLastEventId = lastEventId;
        return TokenLookup.verify(token, tokens::verifySubscriber, draft, tokens).map(claims -> {
            Map<Matcher, Object> payloads = new LinkedHashMap<>();
            for (Matcher topic : topics) {
                Object payload = tokens.payloadFor(claims, topic);
                if (payload != null) {
                    payloads.put(topic, payload);
                }
            }
            return new Parsed(new SubscribeRequest(draft, topics, finalLastEventId, claims.subscribe(), payloads,
                    claims.expiresAt(), null, claims.fingerprint()));
        });
    }

    /**
     * The draft a request follows: draft-08 when it uses a {@code match*} or {@code last_event_id}
     * parameter, draft-07 when it uses {@code topic}, {@code lastEventID} or a token in the URL; when
     * it uses neither, the draft of its token; else draft-07 (the one without a required cookie
     * prefix). Refuses a request that mixes both, or follows a draft this hub has off.
     */
    private Draft draftOf(Map<String, List<String>> parameters, TokenLookup.Sources sources) {
        String draft07 = null;
        String draft08 = null;
        for (String name : parameters.keySet()) {
            if (DRAFT07_PARAMETERS.contains(name)) {
                draft07 = draft07 == null ? name : draft07;
            } else if (name.regionMatches(true, 0, "match", 0, 5) || name.equals("last_event_id")) {
                draft08 = draft08 == null ? name : draft08;
            }
        }
        if (draft07 != null && draft08 != null) {
            throw invalid("The request mixes the draft-07 parameter " + draft07 + " and the draft-08 parameter " + draft08
                    + "; use topic and lastEventID (draft-07), or match, match_urlpattern and last_event_id (draft-08)");
        }
        Draft draft;
        if (draft08 != null) {
            draft = Draft.DRAFT08;
        } else if (draft07 != null) {
            draft = Draft.DRAFT07;
        } else if (sources.header() != null && sources.header().length() > 7) {
            draft = tokens.kindOf(sources.header().substring(7).strip()) == Claims.Kind.DRAFT08
                    ? Draft.DRAFT08 : Draft.DRAFT07;
        } else {
            draft = sources.accessCookie() != null && sources.cookie() == null ? Draft.DRAFT08 : Draft.DRAFT07;
        }
        if (draft == Draft.DRAFT07 && !config.protocol().draft07()) {
            throw invalid("Draft-07 subscriptions (topic, lastEventID) are off on this hub (hub.protocol.draft07=false); "
                    + "subscribe with match (an exact topic) or match_urlpattern, and last_event_id");
        }
        if (draft == Draft.DRAFT08 && !config.protocol().draft08()) {
            throw invalid("Draft-08 subscriptions (match, last_event_id) are off on this hub "
                    + "(hub.protocol.draft08=false); subscribe with topic, and lastEventID");
        }
        return draft;
    }

    /** The draft-07 selectors of a request: its {@code topic} parameters. */
    private List<Matcher> selectors(Map<String, List<String>> parameters) {
        List<String> topics = parameters.getOrDefault("topic", List.of());
        TopicList.Refusal refusal = TopicList.check(topics, config.maxTopics(), TopicList.Kind.SUBSCRIPTION);
        if (refusal != null) {
            throw invalid(refusal.detail());
        }
        List<Matcher> matchers = topics.stream().map(Matcher::selector).toList();
        checkPatternCharacters(matchers);
        return matchers;
    }

    /**
     * The draft-08 matchers of a request: its {@code match} and {@code match_<type>} parameters. The
     * whole {@code match} prefix is reserved: any other name starting with it (in any case) is refused.
     */
    private List<Matcher> matchers(Map<String, List<String>> parameters) {
        List<Matcher> matchers = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (!name.regionMatches(true, 0, "match", 0, 5)) {
                continue;
            }
            Matcher.Type type = name.equals("match") ? Matcher.Type.EXACT
                    : name.startsWith("match_") ? Matcher.Type.ofWireName(name.substring(6)) : null;
            if (type == null) {
                throw invalid("Unknown matcher parameter '" + abbreviate(name) + "': this hub supports match (an exact "
                        + "topic), match_exact, match_urlpattern (a URL Pattern) and match_uritemplate (a URI Template); "
                        + "names are case-sensitive and every name starting with 'match' is reserved");
            }
            for (String value : parameter.getValue()) {
                matchers.add(new Matcher(type, value));
            }
        }
        if (matchers.isEmpty()) {
            throw invalid("match is required: add one or more match parameters (an exact topic, or * for all) or "
                    + "match_urlpattern parameters (a URL Pattern, e.g. https://example.com/books/:id)");
        }
        if (matchers.size() > config.maxTopics()) {
            throw invalid("a subscription may have at most " + config.maxTopics() + " matchers (hub.max-topics); this one "
                    + "has " + matchers.size());
        }
        for (Matcher matcher : matchers) {
            String value = matcher.value();
            if (value.isEmpty()) {
                throw invalid("a matcher must not be empty; use an exact topic, a URL Pattern, or * for all topics");
            }
            if (value.length() > TopicList.MAX_LENGTH) {
                throw invalid("a matcher may have at most " + TopicList.MAX_LENGTH + " characters; one has " + value.length());
            }
            String characters = Update.characterProblem("a matcher", value);
            if (characters != null) {
                throw invalid(characters);
            }
        }
        checkPatternCharacters(matchers);
        return matchers;
    }

    // Compiling a pattern costs far more than matching one: bound the work one request can ask for
    // before the hub can weigh what it compiled against its limits.
    private static void checkPatternCharacters(List<Matcher> matchers) {
        int characters = 0;
        for (Matcher matcher : matchers) {
            characters += SelectorCache.needsCompiling(matcher) ? matcher.value().length() : 0;
        }
        if (characters > MAX_TEMPLATE_CHARACTERS) {
            throw invalid("the URI Templates and URL Patterns of one subscription may have at most "
                    + MAX_TEMPLATE_CHARACTERS + " characters together; these have " + characters);
        }
    }

    /** Every parameter of {@code first} and of {@code second}, as if they had come in one. */
    private static Map<String, List<String>> union(Map<String, List<String>> first, Map<String, List<String>> second) {
        if (second.isEmpty()) {
            return first;
        }
        Map<String, List<String>> all = new LinkedHashMap<>();
        first.forEach((name, values) -> all.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values));
        second.forEach((name, values) -> all.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values));
        return all;
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

    private static String first(Map<String, List<String>> query, String name, Map<String, List<String>> body) {
        String value = first(query, name);
        return value != null ? value : first(body, name);
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_SUBSCRIPTION, 400, detail);
    }
}
