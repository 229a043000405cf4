package dev.ssehub.hub;

/**
 * The drafts of the Mercure protocol the hub speaks on one endpoint. A subscriber follows one: it
 * decides the shape of the subscription events it receives.
 */
public enum Draft {
    /** draft-dunglas-mercure-07: {@code topic} selectors, {@code mercure}-claim tokens, JSON-LD subscription events. */
    DRAFT07,
    /**
     * draft-dunglas-mercure-08 (Mercure 1.0): {@code match*} matchers, RFC 9068 access tokens, plain
     * JSON subscription events of type {@code mercure}.
     */
    DRAFT08
}
