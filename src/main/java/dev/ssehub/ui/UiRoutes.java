package dev.ssehub.ui;

import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;

import dev.ssehub.config.HubConfig;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The debugging UI at {@code /.well-known/mercure/ui/}: a page to subscribe, publish, watch the
 * active subscriptions and the hub's figures. It is only a client of the hub's public HTTP API
 * (the same requests curl would make, with tokens the user pastes), so this package serves files
 * and knows nothing of the hub.
 *
 * <p>Installed only when {@code hub.ui.enabled} is true (on in dev mode and tests): otherwise no
 * route is registered and the path answers 404 as any unknown path does.
 */
class UiRoutes {

    /** Where the UI is served; the path without the slash redirects to it. */
    static final String PATH = "/.well-known/mercure/ui";
    /**
     * The folder of the files. It lies under {@code META-INF/resources}, which Quarkus serves by
     * itself at {@code /mercure-ui/}: that public copy is refused below, so the UI is reachable
     * through {@link #PATH} alone, and only when it is enabled.
     */
    static final String FILES = "META-INF/resources/mercure-ui";
    /** Where Quarkus itself would serve {@link #FILES}. */
    static final String FILES_PATH = "/mercure-ui";

    // The page shows data that publishers chose: no script, style or frame may come from anywhere
    // but the hub itself, even if a bug ever let received text become markup.
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final boolean enabled;

    UiRoutes(HubConfig config) {
        this.enabled = config.ui().enabled();
    }

    void install(@Observes Router router) {
        // Whatever the setting: the files must not be reachable around the switch.
        router.route(FILES_PATH).handler(UiRoutes::notFound);
        router.route(FILES_PATH + "/*").handler(UiRoutes::notFound);
        if (!enabled) {
            return;
        }
        // A regular expression: a plain path route would also match the path with its slash, and loop.
        router.getWithRegex(Pattern.quote(PATH)).handler(rc -> rc.redirect(PATH + "/"));
        router.route(PATH + "/*").handler(UiRoutes::secureHeaders);
        router.route(PATH + "/*").handler(StaticHandler.create(FILES)
                .setCachingEnabled(false)
                .setDirectoryListing(false)
                .setDefaultContentEncoding("UTF-8"));
    }

    private static void secureHeaders(RoutingContext rc) {
        rc.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                // Tokens are typed into this page: keep it out of shared caches and the back-forward cache.
                .putHeader("Cache-Control", "no-store");
        rc.next();
    }

    // The router's failure handler (the one every request passes) answers it with a 404 problem document.
    private static void notFound(RoutingContext rc) {
        rc.fail(404);
    }
}
