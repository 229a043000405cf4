package dev.ssehub.hub;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.hub.topic.TopicSelector;

/**
 * The JSON-LD documents of active subscriptions: the data of the private updates the hub
 * publishes when a subscription starts or ends, and the entries of the subscriptions API.
 * Thread-safe.
 */
public final class SubscriptionEvents {

    /** Path under which subscriptions are published and listed. */
    public static final String PATH = "/.well-known/mercure/subscriptions";
    /** The JSON-LD context of Mercure documents. */
    public static final String CONTEXT = "https://mercure.rocks/";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final ObjectMapper json;

    public SubscriptionEvents(ObjectMapper json) {
        this.json = json;
    }

    /** The topic of one subscription: the path with the selector and the subscriber id percent-encoded. */
    public static String topic(String selector, String subscriberId) {
        return PATH + "/" + percentEncode(selector) + "/" + percentEncode(subscriberId);
    }

    /** The private update announcing that {@code subscriber}'s subscription to {@code selector} started or ended. */
    Update update(Subscriber subscriber, TopicSelector selector, boolean active) {
        String topic = topic(selector.value(), subscriber.id());
        return new Update(null, List.of(topic), toJson(document(subscriber, selector, active)), null, null, true);
    }

    /** The {@code Subscription} document of one subscription. */
    public ObjectNode document(Subscriber subscriber, TopicSelector selector, boolean active) {
        ObjectNode node = newObject();
        node.put("@context", CONTEXT);
        node.put("id", topic(selector.value(), subscriber.id()));
        node.put("type", "Subscription");
        node.put("topic", selector.value());
        node.put("subscriber", subscriber.id());
        node.put("active", active);
        node.set("payload", json.valueToTree(subscriber.payload()));
        return node;
    }

    /** A new empty JSON object. */
    public ObjectNode newObject() {
        return json.createObjectNode();
    }

    /** The JSON text of {@code node}. */
    public String toJson(Object node) {
        try {
            return json.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Trees and the JSON values of a verified token always serialize.
            throw new IllegalStateException("Cannot serialize a subscription document", e);
        }
    }

    /** Percent-encodes every UTF-8 byte of {@code value} except RFC 3986 unreserved characters. */
    public static String percentEncode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
