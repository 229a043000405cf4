package dev.ssehub.demo;

import jakarta.enterprise.context.ApplicationScoped;

import dev.ssehub.hub.UpdateIds;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * What the demo page shows that is this replica's own and not the hub's: its clock and the count
 * of chat subscribers. One shared hot stream that every page subscribes to; a page that does not
 * keep up misses some (they are ephemeral: the next tick or count replaces them). Thread-safe.
 */
@ApplicationScoped
public class PageEvents {

    /**
     * One event for the page.
     *
     * @param id   its id, a time-ordered {@code urn:uuid:}
     * @param name its SSE event name, or {@code null} for a default event (a clock tick)
     * @param data its data: an ISO-8601 instant for a tick, JSON for a named event
     */
    public record PageEvent(String id, String name, String data) {
    }

    private final BroadcastProcessor<PageEvent> processor = BroadcastProcessor.create();
    private final UpdateIds ids = new UpdateIds(System::currentTimeMillis);

    /** Sends an event to every page connected now; callers on any thread. */
    public synchronized void emit(String name, String data) {
        // Synchronized: a processor takes its items one at a time.
        processor.onNext(new PageEvent(ids.next(), name, data));
    }

    /** The events from now on; those a slow page has no room for are dropped. */
    public Multi<PageEvent> stream() {
        return processor.onOverflow().drop();
    }

    /** Ends every page's events, when the application stops. */
    synchronized void close() {
        processor.onComplete();
    }
}
