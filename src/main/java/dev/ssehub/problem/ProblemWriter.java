package dev.ssehub.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request served by a plain Vert.x route (not JAX-RS, whose exception mappers do this)
 * with a problem document. Thread-safe.
 */
public final class ProblemWriter {

    private final ObjectMapper json;

    public ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Answers with {@code problem}; if the head is out already (a stream that opened), the
     * connection is reset instead, since a status can no longer be sent.
     */
    public void write(RoutingContext rc, ProblemException problem) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem.toProblem(rc.request().path()));
        } catch (JsonProcessingException impossible) {
            body = "{\"status\":" + problem.status() + "}";
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        problem.headers().forEach(response::putHeader);
        response.end(body);
    }

    /** Answers {@code failure}: its problem if it is a {@link ProblemException}, else a logged incident (500). */
    public void write(RoutingContext rc, Throwable failure) {
        write(rc, failure instanceof ProblemException problem ? problem : Problems.incident(failure, rc.request().path()));
    }
}
