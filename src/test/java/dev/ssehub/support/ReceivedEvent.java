package dev.ssehub.support;

/**
 * An event as a WHATWG-conforming client dispatches it.
 *
 * @param id    the last event id at dispatch (empty if none was ever set)
 * @param type  the event type; {@code "message"} when the stream named none
 * @param data  the data, lines joined with LF
 * @param retry the last {@code retry} value seen, or {@code null}
 */
public record ReceivedEvent(String id, String type, String data, Long retry) {
}
