package dev.ssehub.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;
import dev.ssehub.problem.ProblemWriter;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What every request passes before any endpoint sees it, and what answers a failure no endpoint
 * answered.
 *
 * <p>A path with a dot-segment ({@code ..}, {@code %2E%2E}, {@code .%2e}, {@code ..;x} and the
 * like) is refused with 400: routers serve such a path normalised while code that reads the raw
 * path sees something else, which is how an authorization check can be made to look at one
 * resource while another is served. Browsers and HTTP libraries never send them.
 *
 * <p>A failure that reaches Vert.x (a body over the size limit, a bug) is answered with a problem
 * document instead of Quarkus' plain-text page, and a bug is logged with an incident id.
 */
@ApplicationScoped
class RequestGuard {

    // Before every Quarkus filter (CORS, security) and every endpoint, after the access log and body handler.
    private static final int ORDER = -100_000;

    private final ProblemWriter problems;

    RequestGuard(ObjectMapper json) {
        this.problems = new ProblemWriter(json);
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check).failureHandler(this::failed);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.version() == HttpVersion.HTTP_1_0) {
            closeAfterResponse(rc);
        }
        String path = request.path();
        if (path != null && hasDotSegment(path)) {
            problems.write(rc, new ProblemException(ProblemType.INVALID_REQUEST, 400, "The path has a dot-segment "
                    + "('.' or '..', percent-encoded or not); send the path without them, as browsers do"));
            return;
        }
        String accept = request.getHeader("Accept");
        if (accept != null && hasUnterminatedQuote(accept)) {
            // Header parsers of the routes Quarkus serves itself (/q/metrics) fail on it with a 500.
            problems.write(rc, new ProblemException(ProblemType.INVALID_REQUEST, 400,
                    "The Accept header has an unterminated quoted string"));
            return;
        }
        if (request.getHeader("Origin") != null && (request.authority() == null || request.authority().host().isEmpty())) {
            // Quarkus' CORS filter compares the Origin with the Host, and fails on an empty one.
            problems.write(rc, new ProblemException(ProblemType.INVALID_REQUEST, 400,
                    "A request with an Origin header needs a Host header"));
            return;
        }
        rc.next();
    }

    // An HTTP/1.0 client that asked for keep-alive cannot tell where a body without Content-Length ends
    // (a large one, a stream): close after each response, as HTTP/1.0 does by default.
    private static void closeAfterResponse(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        response.headersEndHandler(v -> response.putHeader("Connection", "close"));
        rc.addEndHandler(v -> rc.request().connection().close());
    }

    private void failed(RoutingContext rc) {
        Throwable failure = rc.failure();
        int status = rc.statusCode();
        if (status >= 400 && status < 500) {
            // A request Vert.x itself refused (no Host, a path not starting with '/'): the client's error.
            // The exception's message may quote the request, so the answer does not repeat it.
            problems.write(rc, new ProblemException(ProblemType.HTTP_ERROR, status, describe(status)));
        } else {
            problems.write(rc, failure != null ? failure
                    : new IllegalStateException("request failed with status " + status + " and no exception"));
        }
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "The request is not one this server can read: it needs a Host header (HTTP/1.1), a path "
                    + "starting with '/', and well-formed headers";
            case 413 -> "The request body is larger than this server accepts (quarkus.http.limits.max-body-size)";
            case 414 -> "The request line is longer than this server accepts (quarkus.http.limits.max-initial-line-length)";
            case 431 -> "The request headers are larger than this server accepts (quarkus.http.limits.max-header-size)";
            default -> "The request was refused with status " + status;
        };
    }

    /** Whether {@code header} opens a quoted string it does not close. */
    static boolean hasUnterminatedQuote(String header) {
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            }
        }
        return quoted;
    }

    /** Whether a segment of the raw {@code path} is {@code .} or {@code ..}, in any spelling. */
    static boolean hasDotSegment(String path) {
        if (path.indexOf('.') < 0 && path.indexOf('%') < 0) {
            return false;
        }
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (isDots(path, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    // "." or "..", each dot maybe written %2E or %2e, maybe followed by ";parameters" (which some servers strip).
    private static boolean isDots(String path, int start, int end) {
        int dots = 0;
        int i = start;
        while (i < end && path.charAt(i) != ';') {
            if (path.charAt(i) == '.') {
                i++;
            } else if (path.startsWith("%2", i) && i + 2 < end && (path.charAt(i + 2) == 'e' || path.charAt(i + 2) == 'E')) {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 1 || dots == 2;
    }
}
