package dev.ssehub.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.hub.Broadcaster;
import dev.ssehub.hub.Event;

/**
 * The demo chat: turns accepted join, leave and message requests into named events with JSON
 * data. Callers validate input first; this class publishes whatever it is given. Thread-safe.
 */
@ApplicationScoped
public class ChatService {

    /** Event name announcing a user. */
    public static final String USER_JOINED = "user_joined";
    /** Event name announcing that a user left. */
    public static final String USER_LEFT = "user_left";
    /** Event name of a chat message. */
    public static final String MESSAGE = "message";

    private final Broadcaster broadcaster;
    private final ObjectMapper json;

    ChatService(Broadcaster broadcaster, ObjectMapper json) {
        this.broadcaster = broadcaster;
        this.json = json;
    }

    /** Announces {@code user} to every subscriber. */
    public Event join(String user) {
        return broadcaster.publish(USER_JOINED, toJson(new UserJoined(user, now())));
    }

    /** Announces that {@code user} left. */
    public Event leave(String user) {
        return broadcaster.publish(USER_LEFT, toJson(new UserJoined(user, now())));
    }

    /** Sends {@code text} from {@code user} to every subscriber. */
    public Event send(String user, String text) {
        return broadcaster.publish(MESSAGE, toJson(new ChatMessage(user, text, now())));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Our own records of strings and instants always serialize; this is a programming error.
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
