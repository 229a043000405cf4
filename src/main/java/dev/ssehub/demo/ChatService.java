package dev.ssehub.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Hub;
import dev.ssehub.hub.Update;

import io.smallrye.mutiny.Uni;

/**
 * The demo chat: turns accepted join, leave and message requests into named events with JSON
 * data on {@link DemoTopics#CHAT}, published through the hub like any update. Callers validate
 * input first; this class publishes whatever it is given. Thread-safe.
 */
@ApplicationScoped
public class ChatService {

    /** Event name announcing a user. */
    public static final String USER_JOINED = "user_joined";
    /** Event name announcing that a user left. */
    public static final String USER_LEFT = "user_left";
    /** Event name of a chat message. */
    public static final String MESSAGE = "message";

    private final Hub hub;
    private final ObjectMapper json;

    ChatService(Hub hub, ObjectMapper json) {
        this.hub = hub;
        this.json = json;
    }

    /** Announces {@code user} to every subscriber. */
    public Uni<Envelope> join(String user) {
        return publish(USER_JOINED, new UserJoined(user, now()));
    }

    /** Announces that {@code user} left. */
    public Uni<Envelope> leave(String user) {
        return publish(USER_LEFT, new UserJoined(user, now()));
    }

    /** Sends {@code text} from {@code user} to every subscriber. */
    public Uni<Envelope> send(String user, String text) {
        return publish(MESSAGE, new ChatMessage(user, text, now()));
    }

    private Uni<Envelope> publish(String type, Object data) {
        return hub.publish(Update.named(DemoTopics.CHAT, type, toJson(data)));
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
