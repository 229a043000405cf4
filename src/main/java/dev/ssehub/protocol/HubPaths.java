package dev.ssehub.protocol;

/** The hub's fixed paths. */
final class HubPaths {

    /** Where subscribers connect and publishers post. */
    static final String HUB = "/.well-known/mercure";
    /** The active subscriptions API. */
    static final String SUBSCRIPTIONS = HUB + "/subscriptions";

    private HubPaths() {
    }
}
