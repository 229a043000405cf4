package dev.ssehub.demo;

import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * Routes of the demo page: {@code /} redirects to {@code /sse/index}, which serves the static
 * {@code sse/index.html} without changing the URL, so the page's relative {@code events} URL
 * resolves to {@code /sse/events}.
 */
class PageRoutes {

    static final String PAGE = "/sse/index";

    void install(@Observes Router router) {
        router.get("/").handler(rc -> rc.redirect(PAGE));
        router.get(PAGE).handler(rc -> rc.reroute(PAGE + ".html"));
        // Discovery: the page's live topics come from this hub. Set on the rerouted request, since a
        // reroute clears the response headers set before it.
        router.get(PAGE + ".html").handler(rc -> {
            rc.response().putHeader("Link", "</.well-known/mercure>; rel=\"mercure\"");
            rc.next();
        });
    }
}
