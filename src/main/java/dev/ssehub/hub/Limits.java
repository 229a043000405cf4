package dev.ssehub.hub;

import dev.ssehub.hub.topic.TopicSelector;

/**
 * What subscribers may cost this node, so that no client, however hostile, can make one update
 * expensive to deliver. Costs are {@link TopicSelector#cost()}s: the size of a template's compiled
 * program, which bounds the work of matching it per character of a topic; exact topics and
 * {@code *} cost nothing. Immutable.
 *
 * @param connectionsPerClient most open subscriptions of one client (its address); 0 for no limit
 * @param selectorCost         most cost of one selector
 * @param subscriptionCost     most cost of the selectors of one subscription
 * @param clientCost           most cost of the selectors of one client's open subscriptions together
 * @param hubCost              most cost of the distinct templates of every open subscription: what
 *                             matching one update may cost this node at most
 * @param clientCompileRate    characters of templates not compiled yet that one client may have
 *                             compiled per second, in bursts of four seconds' worth (at least
 *                             {@value Admission#MIN_BURST_CHARACTERS})
 * @param hubCompileRate       the same for every client together
 * @param subscriptionsPerToken most open subscriptions presenting one token; 0 for no limit
 */
public record Limits(int connectionsPerClient, int selectorCost, int subscriptionCost, long clientCost, long hubCost,
        long clientCompileRate, long hubCompileRate, int subscriptionsPerToken) {

    /** The defaults of {@code hub.limits.*}. */
    public static final Limits DEFAULTS = new Limits(1000, 2048, 8192, 32_768, 131_072);

    /** Validates. */
    public Limits {
        if (connectionsPerClient < 0 || selectorCost < 1 || subscriptionCost < 1 || clientCost < 1 || hubCost < 1
                || clientCompileRate < 1 || hubCompileRate < 1 || subscriptionsPerToken < 0) {
            throw new IllegalArgumentException("limits must be positive (connectionsPerClient and subscriptionsPerToken "
                    + "may be 0: no limit)");
        }
    }

    /** Limits with the default compile rates. */
    public Limits(int connectionsPerClient, int selectorCost, int subscriptionCost, long clientCost, long hubCost) {
        this(connectionsPerClient, selectorCost, subscriptionCost, clientCost, hubCost, 4096, 32_768, 0);
    }

    /** These limits with the given compile rates. */
    public Limits withCompileRates(long client, long hub) {
        return new Limits(connectionsPerClient, selectorCost, subscriptionCost, clientCost, hubCost, client, hub,
                subscriptionsPerToken);
    }

    /** These limits with at most {@code perToken} open subscriptions per token (0: no limit). */
    public Limits withSubscriptionsPerToken(int perToken) {
        return new Limits(connectionsPerClient, selectorCost, subscriptionCost, clientCost, hubCost, clientCompileRate,
                hubCompileRate, perToken);
    }
}
