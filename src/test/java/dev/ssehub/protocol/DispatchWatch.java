package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.eventsUntil;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.subscribeWithToken;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.util.UUID;

import dev.ssehub.hub.Hub;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

/**
 * Shows that a refused publish dispatched nothing: a stream on {@code *} authorized for every topic
 * (so it would see private updates too) and the hub's count of published updates, both taken before
 * the request. Close it at the end of the test.
 */
final class DispatchWatch implements AutoCloseable {

    /** Subscribers of the application itself, always connected: the demo's presence counter. */
    static final int IN_PROCESS_SUBSCRIBERS = 1;

    private final URI hubUri;
    private final Hub hub;
    private final SseTestClient everything;
    private final long publishedBefore;

    private DispatchWatch(URI hubUri, Hub hub) {
        this.hubUri = hubUri;
        this.hub = hub;
        // Streams of earlier tests may still be closing, and each close publishes a Subscription
        // update: let them finish so that the count below moves only with what the test does.
        await().atMost(WAIT).until(() -> hub.subscriberCount() == IN_PROCESS_SUBSCRIBERS);
        // Its own Subscription update is published before its response headers are sent.
        this.everything = subscribeWithToken(hubUri, TestTokens.subscriber("*"), "*");
        this.publishedBefore = hub.publishedCount();
    }

    /** Starts watching; {@code hubUri} is the hub's URL, {@code hub} the application's hub bean. */
    static DispatchWatch start(URI hubUri, Hub hub) {
        return new DispatchWatch(hubUri, hub);
    }

    /**
     * Asserts that the hub published nothing since the start, and that no event carrying
     * {@code nonce} (in its data or id) reached the stream before a marker published now.
     */
    void assertNothingDispatched(String nonce) {
        assertThat(hub.publishedCount()).as("updates published by the hub").isEqualTo(publishedBefore);
        String marker = "marker " + UUID.randomUUID();
        publishOk(hubUri, TestTokens.publisher("*"), "topic", uniqueTopic("marker"), "data", marker);
        assertThat(eventsUntil(everything, marker))
                .noneMatch(event -> event.data().contains(nonce) || event.id().contains(nonce));
    }

    @Override
    public void close() {
        everything.close();
    }
}
