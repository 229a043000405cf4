package dev.ssehub.problem;

import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

/** The problems more than one endpoint answers with, each built in one place. */
public final class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);
    /** Seconds a client should wait before retrying what the hub could not do now. */
    static final String RETRY_AFTER_SECONDS = "5";

    private Problems() {
    }

    /**
     * 503 with {@code Retry-After}: the hub could not do it now (its transport is unreachable, it
     * is shutting down); nothing was done.
     *
     * @param what what could not be done, e.g. "The hub could not confirm the update"
     * @param why  the transport's reason
     */
    public static ProblemException unavailable(String what, String why) {
        return new ProblemException(ProblemType.UNAVAILABLE, 503, what + ": " + why + ". Retry later",
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    /**
     * 500 for our own bug: logs {@code failure} with a new incident id, which the answer repeats so
     * that a user's report can be found in the logs. Never a stack trace in the answer.
     */
    public static ProblemException incident(Throwable failure, String path) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected error on %s (incident %s)", path, incident);
        return new ProblemException(ProblemType.INTERNAL_ERROR, 500,
                "The server failed to handle this request; report incident " + incident);
    }
}
