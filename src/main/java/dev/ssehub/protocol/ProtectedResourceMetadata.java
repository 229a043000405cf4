package dev.ssehub.protocol;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.auth.HubTokens;
import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.topic.Matcher;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The hub's OAuth 2.0 protected resource metadata (RFC 9728), which draft-08 clients read to learn
 * the resource identifier to put in {@code aud}, how to present tokens and what the hub supports.
 * Served at the well-known path derived from the hub's URL, {@value #PATH_PREFIX} followed by the
 * hub's path; only while draft-08 is on.
 */
class ProtectedResourceMetadata {

    /** What comes before the hub's path in the metadata's path. */
    static final String PATH_PREFIX = "/.well-known/oauth-protected-resource";

    private final HubTokens tokens;
    private final HubConfig config;
    private final ObjectMapper json;

    ProtectedResourceMetadata(HubTokens tokens, HubConfig config, ObjectMapper json) {
        this.tokens = tokens;
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        if (tokens.resource() == null || !config.protocol().draft08()) {
            return;
        }
        List<String> paths = new ArrayList<>(List.of(PATH_PREFIX + HubPaths.HUB));
        String resourcePath = URI.create(tokens.resource()).getRawPath();
        if (resourcePath != null && !resourcePath.isEmpty() && !resourcePath.equals(HubPaths.HUB)) {
            // Behind a proxy that adds a prefix, clients derive the path from the public URL.
            paths.add(PATH_PREFIX + resourcePath);
        }
        for (String path : paths) {
            router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
        }
    }

    private void serve(RoutingContext rc) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("resource", tokens.resource());
        document.put("authorization_details_types_supported", List.of("https://mercure.rocks/authorization-detail"));
        document.put("bearer_methods_supported", List.of("header"));
        document.put("mercure_cookie", TokenLookup.ACCESS_TOKEN_COOKIE);
        List<String> matcherTypes = new ArrayList<>();
        for (Matcher.Type type : Matcher.Type.values()) {
            if (type.wireName() != null) {
                matcherTypes.add(type.wireName());
            }
        }
        document.put("mercure_matcher_types_supported", matcherTypes);
        if (config.subscriptions()) {
            document.put("mercure_subscriptions", true);
        }
        try {
            rc.response().putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "max-age=3600")
                    .end(json.writeValueAsString(document));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            rc.fail(e);
        }
    }

    /**
     * Where the metadata of the hub identified by {@code resource} is: the well-known path inserted
     * between its authority and its path; {@code null} when there is no resource identifier.
     */
    static String url(String resource) {
        if (resource == null) {
            return null;
        }
        URI uri = URI.create(resource);
        String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getRawAuthority() + PATH_PREFIX + path;
    }
}
