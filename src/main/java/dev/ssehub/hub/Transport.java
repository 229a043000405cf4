package dev.ssehub.hub;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The seam between the hub and where updates are ordered and kept: it assigns every update its
 * place in one total order shared by every node, keeps a bounded history, and delivers updates to
 * each node in that order. It knows nothing of subscribers: fan-out to the connections of a node
 * happens in the {@link Hub} of that node.
 *
 * <p>Implementations are thread-safe.
 */
public interface Transport extends AutoCloseable {

    /** The {@code Last-Event-ID} value that asks for every retained update. */
    String EARLIEST = "earliest";

    /**
     * Stores {@code update} (its id already assigned) and delivers it to every node's
     * {@link #subscribe} stream. The returned {@link Uni} completes with the stored envelope once
     * the update is accepted, or fails with {@link TransportUnavailableException} if it was not
     * (saying when it may have been stored, and so delivered, all the same).
     *
     * <p>Publishers retry with the same id, so an update equal to the latest retained update with
     * its id (same topics, data, type, retry and private flag) is not stored or delivered again: the
     * {@code Uni} completes with the retained envelope. An update that reuses an id with other
     * content is stored and delivered like any other (draft-08: the id then resolves to its earliest
     * copy in {@link #history}).
     */
    Uni<Envelope> dispatch(Update update);

    /**
     * The updates of every node accepted from now on, in the transport's order, with no gap and no
     * repeat: those this node has had accepted before the call are left out (a shared transport may
     * still deliver updates of other nodes accepted just before it). Each node subscribes once and
     * fans out locally.
     */
    Multi<Envelope> subscribe();

    /**
     * Retained updates after the one whose id is {@code lastEventId}, oldest first; all of them
     * for {@link #EARLIEST}, or when the id is not retained (then {@link History#found()} is
     * false).
     */
    Uni<History> history(String lastEventId);

    /** A short name for logs and health checks, e.g. {@code memory}. */
    String name();

    /** Updates retained now; cheap to call (an implementation may answer from a recent count). */
    long retainedCount();

    /** Whether the transport can accept updates now. */
    boolean isReady();

    /** Stops delivering and releases resources; {@link #subscribe} streams complete. */
    @Override
    void close();
}
