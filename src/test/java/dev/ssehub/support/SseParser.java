package dev.ssehub.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A line-by-line parser following the "event stream interpretation" of the WHATWG HTML standard,
 * used by tests to read streams the way a browser does. Not thread-safe.
 */
public final class SseParser {

    private final Consumer<ReceivedEvent> events;
    private final Consumer<String> comments;
    private final StringBuilder data = new StringBuilder();
    private String type = "";
    private String lastEventId = "";
    private volatile Long retry;

    public SseParser(Consumer<ReceivedEvent> events, Consumer<String> comments) {
        this.events = events;
        this.comments = comments;
    }

    /** The last {@code retry} value seen, even one that came without an event; {@code null} if none. */
    public Long retry() {
        return retry;
    }

    /** Parses a whole stream given as text; returns the events dispatched. */
    public static List<ReceivedEvent> parseAll(String stream) {
        List<ReceivedEvent> out = new ArrayList<>();
        SseParser parser = new SseParser(out::add, comment -> { });
        int start = 0;
        for (int i = 0; i < stream.length(); i++) {
            char c = stream.charAt(i);
            if (c == '\n' || c == '\r') {
                parser.line(stream.substring(start, i));
                if (c == '\r' && i + 1 < stream.length() && stream.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        // A trailing incomplete line (and event) is discarded, as the standard says.
        return out;
    }

    /** Feeds one line, without its terminator. */
    public void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            comments.accept(line.substring(1).stripLeading());
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> type = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            type = "";
            return;
        }
        data.setLength(data.length() - 1);
        events.accept(new ReceivedEvent(lastEventId, type.isEmpty() ? "message" : type, data.toString(), retry));
        data.setLength(0);
        type = "";
    }
}
