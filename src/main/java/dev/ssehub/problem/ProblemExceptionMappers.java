package dev.ssehub.problem;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path.Node;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.vertx.core.http.HttpServerRequest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.ssehub.hub.SubscriptionRefusedException;
import dev.ssehub.hub.TransportUnavailableException;

/**
 * Turns every error of the HTTP API into an {@code application/problem+json} response whose
 * {@code detail} says what to change. Client errors are never logged as server errors.
 */
public class ProblemExceptionMappers {

    /** A request a resource refused with a problem of its own. */
    @ServerExceptionMapper
    public Response refused(ProblemException e, HttpServerRequest request) {
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE)
                .entity(e.toProblem(path(request)));
        e.headers().forEach(response::header);
        return response.build();
    }

    /** A subscription beyond the hub's limits: 429 or 400. */
    @ServerExceptionMapper
    public Response refusedSubscription(SubscriptionRefusedException e, HttpServerRequest request) {
        return refused(Problems.refused(e), request);
    }

    /** The hub could not do it now (transport unreachable, shutting down): 503 with Retry-After. */
    @ServerExceptionMapper
    public Response unavailable(TransportUnavailableException e, HttpServerRequest request) {
        return refused(Problems.unavailable("The hub could not do this now", e.getMessage()), request);
    }

    /** Bean Validation failures of bodies and parameters: 400 with one entry per field. */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::detail))
                .distinct()
                .toList();
        String detail = errors.stream().map(Problem.FieldError::detail).collect(Collectors.joining("; "));
        return problem(ProblemType.INVALID_REQUEST, 400, detail, request, errors);
    }

    /** A body that is not JSON at all. */
    @ServerExceptionMapper
    public Response malformed(JsonParseException e, HttpServerRequest request) {
        return problem(ProblemType.MALFORMED_JSON, 400, "The body is not valid JSON (" + e.getOriginalMessage()
                + location(e) + "); send a JSON object such as {\"user\":\"ada\"}", request, null);
    }

    /** JSON of the wrong shape, such as an array or a number where an object or string belongs. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, HttpServerRequest request) {
        return wrongShape(e, request);
    }

    /** Any other JSON mapping failure. */
    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, HttpServerRequest request) {
        return wrongShape(e, request);
    }

    /** Any other JSON processing failure. */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return problem(ProblemType.MALFORMED_JSON, 400,
                "The body could not be read as JSON; send a JSON object such as {\"user\":\"ada\"}", request, null);
    }

    /** Errors raised by the JAX-RS layer itself: unknown path, wrong method or media type. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, HttpServerRequest request, HttpHeaders headers) {
        // The JSON reader wraps syntax errors in a plain 400 WebApplicationException.
        if (e.getCause() instanceof JsonParseException parse) {
            return malformed(parse, request);
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return wrongShape(mapping, request);
        }
        if (e.getCause() instanceof JsonProcessingException other) {
            return json(other, request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        Response problem;
        if (e instanceof NotSupportedException) {
            String expected = path(request).startsWith("/.well-known/mercure") ? "application/x-www-form-urlencoded"
                    : "application/json";
            // The header as sent: parsing it again would fail the same way for a malformed one.
            String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
            problem = problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, status, "Content-Type "
                    + (sent == null ? "(none)" : sent) + " is not accepted here; send " + expected, request, null);
        } else if (e instanceof NotAcceptableException) {
            problem = problem(ProblemType.NOT_ACCEPTABLE, status, "None of the media types in Accept ("
                    + String.join(", ", headers.getRequestHeader(HttpHeaders.ACCEPT))
                    + ") can be produced here; accept " + producedAt(path(request)),
                    request, null);
        } else if (e instanceof NotAllowedException) {
            problem = problem(ProblemType.METHOD_NOT_ALLOWED, status, request.method() + " is not supported on "
                    + Problem.instance(path(request)) + "; docs/API.md lists the methods of each endpoint", request, null);
        } else if (e instanceof NotFoundException) {
            problem = problem(ProblemType.NOT_FOUND, status,
                    "Nothing here; the hub is at /.well-known/mercure, the page at /sse/index and its stream at /sse/events", request, null);
        } else {
            problem = problem(ProblemType.HTTP_ERROR, status, e.getMessage(), request, null);
        }
        return copyHeaders(e.getResponse(), problem);
    }

    /** Anything else is our bug: logged with an id that the answer repeats. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        return refused(Problems.incident(e, path(request)), request);
    }

    private static Response wrongShape(JsonMappingException e, HttpServerRequest request) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String detail = field.isEmpty()
                ? "The body must be a JSON object such as {\"user\":\"ada\"}"
                : field + " has the wrong JSON type; it must be a string";
        List<Problem.FieldError> errors = field.isEmpty() ? null : List.of(new Problem.FieldError(field, detail));
        return problem(ProblemType.MALFORMED_JSON, 400, detail, request, errors);
    }

    static Response problem(ProblemType type, int status, String detail, HttpServerRequest request,
            List<Problem.FieldError> errors) {
        Problem body = new Problem(type.uri(), type.title(), status, detail, Problem.instance(path(request)), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    // What the endpoints of a path answer with, for a client whose Accept header refused it.
    private static String producedAt(String path) {
        if (path.equals("/sse/events")) {
            return "text/event-stream";
        }
        if (path.startsWith("/.well-known/mercure/subscriptions")) {
            return "application/ld+json";
        }
        if (path.equals("/.well-known/mercure")) {
            return "text/event-stream to subscribe (a publish answers text/plain)";
        }
        return "application/json";
    }

    // The path as sent: decoding it could fail again on what made the request fail (a stray '%').
    private static String path(HttpServerRequest request) {
        return request.path();
    }

    private static Response copyHeaders(Response from, Response to) {
        Response.ResponseBuilder builder = Response.fromResponse(to);
        from.getHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        // Paths look like "join.body.user" or "leave.user": method, parameter, then property.
        String last = "body";
        for (Node node : violation.getPropertyPath()) {
            last = node.getName();
        }
        return last;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

}
