package dev.ssehub.hub;

/**
 * A subscription the hub did not take because of one of its {@link Limits}. The message says
 * which limit and how to stay within it.
 */
public final class SubscriptionRefusedException extends RuntimeException {

    /** Which limit refused it. */
    public enum Reason {
        /** One selector costs more than {@link Limits#selectorCost()}: it can never be taken. */
        SELECTOR_TOO_COSTLY(false),
        /** The selectors together cost more than {@link Limits#subscriptionCost()}: it can never be taken. */
        SUBSCRIPTION_TOO_COSTLY(false),
        /** The client has {@link Limits#connectionsPerClient()} subscriptions open. */
        CLIENT_CONNECTIONS(true),
        /** {@link Limits#subscriptionsPerToken()} subscriptions presenting the same token are open. */
        TOKEN_SUBSCRIPTIONS(true),
        /** The client's open subscriptions use {@link Limits#clientCost()}. */
        CLIENT_COST(true),
        /** This node's open subscriptions use {@link Limits#hubCost()}. */
        HUB_COST(true),
        /** The client had more new templates compiled lately than {@link Limits#clientCompileRate()} allows. */
        CLIENT_COMPILE_RATE(true),
        /** Clients together had more new templates compiled lately than {@link Limits#hubCompileRate()} allows. */
        HUB_COMPILE_RATE(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether the same subscription may be taken later, once others have ended. */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;

    /**
     * @param reason which limit
     * @param detail what happened and what to change
     */
    public SubscriptionRefusedException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** Which limit refused it. */
    public Reason reason() {
        return reason;
    }
}
