package dev.ssehub.hub;

import java.util.List;

/**
 * A read of the history: retained updates after a requested id. Immutable.
 *
 * @param updates  the updates after the requested one, oldest first; every retained update when
 *                 the request was {@link Transport#EARLIEST} or the id was not found
 * @param found    whether the requested id was retained ({@code true} for {@link Transport#EARLIEST})
 * @param head     position of the newest update the transport had accepted when it was read,
 *                 {@code null} if none: live updates at or before it are in this read already
 */
public record History(List<Envelope> updates, boolean found, Position head) {

    /** Copies the list. */
    public History {
        updates = List.copyOf(updates);
    }

    /** This read, as the answer for an id that was not found. */
    History notFound() {
        return new History(updates, false, head);
    }
}
