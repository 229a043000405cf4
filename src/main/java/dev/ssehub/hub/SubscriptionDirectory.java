package dev.ssehub.hub;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * Where the hub lists its active subscriptions for the subscriptions API: this node's only
 * ({@link LocalSubscriptionDirectory}), or every node's when several share a transport.
 * Implementations are thread-safe; {@link #started} and {@link #ended} never block.
 *
 * <p>The hub announces a change only after the directory has it, so a list read after an
 * announcement includes it: following changes from the {@code lastEventID} read before a list may
 * repeat a change the list has, never miss one.
 */
public interface SubscriptionDirectory extends AutoCloseable {

    /**
     * Records a subscription that started on this node.
     *
     * @param id       the subscription's topic, unique per subscriber and selector
     * @param document its {@code Subscription} document, which the directory may keep as is
     * @return completes when the change is recorded, or could not be; never fails
     */
    Uni<Void> started(String id, ObjectNode document);

    /**
     * Records that the subscription {@code id} of this node ended. Like {@link #started}, the
     * {@link Uni} completes when the change is recorded, or could not be (the directory repairs
     * that later); it never fails.
     */
    Uni<Void> ended(String id);

    /**
     * The documents of every active subscription the directory spans; fails with
     * {@link TransportUnavailableException} when they cannot be read now.
     */
    Uni<List<ObjectNode>> list();

    /** Forgets this node's subscriptions and stops any background work. */
    @Override
    void close();
}
