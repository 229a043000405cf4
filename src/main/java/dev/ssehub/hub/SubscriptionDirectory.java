package dev.ssehub.hub;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * Where the hub lists its active subscriptions for the subscriptions API: this node's only
 * ({@link LocalSubscriptionDirectory}), or every node's when several share a transport.
 * Implementations are thread-safe; {@link #started} and {@link #ended} never block.
 */
public interface SubscriptionDirectory extends AutoCloseable {

    /**
     * Records a subscription that started on this node.
     *
     * @param id       the subscription's topic, unique per subscriber and selector
     * @param document its {@code Subscription} document, which the directory may keep as is
     */
    void started(String id, ObjectNode document);

    /** Records that the subscription {@code id} of this node ended. */
    void ended(String id);

    /**
     * The documents of every active subscription the directory spans; fails with
     * {@link TransportUnavailableException} when they cannot be read now.
     */
    Uni<List<ObjectNode>> list();

    /** Forgets this node's subscriptions and stops any background work. */
    @Override
    void close();
}
