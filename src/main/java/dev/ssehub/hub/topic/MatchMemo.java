package dev.ssehub.hub.topic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of matching templates against one update's topics, so that a template many
 * subscribers' tokens share is evaluated once per update. Not thread-safe: one per fan-out lane.
 */
public final class MatchMemo {

    private final Map<TopicSelector, Boolean> results = new HashMap<>();

    /** Forgets every result: call before each update. */
    public void clear() {
        if (!results.isEmpty()) {
            results.clear();
        }
    }

    /** Whether {@code selector} matches one of {@code topics}, the topics of the current update. */
    public boolean matchesAny(TopicSelector selector, List<String> topics) {
        if (!selector.isPattern()) {
            return selector.matchesAny(topics);
        }
        Boolean result = results.get(selector);
        if (result == null) {
            result = selector.matchesAny(topics);
            results.put(selector, result);
        }
        return result;
    }
}
