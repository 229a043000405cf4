package dev.ssehub.problem;

import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.ssehub.hub.SubscriptionRefusedException;

/** The problems more than one endpoint answers with, each built in one place. */
public final class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);
    /** Seconds a client should wait before retrying what the hub could not do now. */
    static final String RETRY_AFTER_SECONDS = "5";
    /** Seconds a refused subscriber should wait: long enough for other subscriptions to end or budgets to refill. */
    static final String SUBSCRIPTION_RETRY_AFTER_SECONDS = "10";

    private Problems() {
    }

    /**
     * 503 with {@code Retry-After}: the hub could not do it now (its transport is unreachable or
     * did not confirm in time, it is shutting down).
     *
     * @param what what could not be done, e.g. "The hub could not confirm the update"
     * @param why  the transport's reason, which says whether it may have been done all the same
     */
    public static ProblemException unavailable(String what, String why) {
        return new ProblemException(ProblemType.UNAVAILABLE, 503, what + ": " + why + ". Retry later",
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    /**
     * The answer to a subscription the hub's limits refused: 429 with {@code Retry-After} when it
     * may be taken once others end, 400 when it never can.
     */
    public static ProblemException refused(SubscriptionRefusedException refused) {
        return refused.reason().retryable()
                ? new ProblemException(ProblemType.TOO_MANY_SUBSCRIPTIONS, 429, refused.getMessage(),
                        Map.of("Retry-After", SUBSCRIPTION_RETRY_AFTER_SECONDS))
                : new ProblemException(ProblemType.INVALID_SUBSCRIPTION, 400, refused.getMessage());
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
