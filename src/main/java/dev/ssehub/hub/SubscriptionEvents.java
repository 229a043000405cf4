package dev.ssehub.hub;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.hub.topic.Matcher;
import dev.ssehub.hub.topic.TopicSelector;

/**
 * The documents of active subscriptions, in the shape of each draft: the data of the private
 * updates the hub publishes when a subscription starts or ends, and the entries of the
 * subscriptions API. Draft-07 has JSON-LD {@code Subscription} documents on topics
 * {@code /.well-known/mercure/subscriptions/{topic}/{subscriber}}; draft-08 plain JSON
 * {@code subscription} documents of event type {@code mercure} on topics
 * {@code /.well-known/mercure/subscriptions/{match_type}/{match}/{subscriber}}.
 *
 * <p>The directory keeps one record per subscription, from which either shape is made: a draft-07
 * document with the draft-08 {@code match_type} and {@code match} beside (records of older
 * replicas, without them, are read as draft-07 selectors). Thread-safe.
 */
public final class SubscriptionEvents {

    /** Path under which subscriptions are published and listed. */
    public static final String PATH = "/.well-known/mercure/subscriptions";
    /** The JSON-LD context of draft-07 documents. */
    public static final String CONTEXT = "https://mercure.rocks/";
    /** The SSE event type of draft-08 subscription events, reserved for them. */
    public static final String EVENT_TYPE = "mercure";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final ObjectMapper json;

    public SubscriptionEvents(ObjectMapper json) {
        this.json = json;
    }

    /** The draft-07 topic of one subscription: the path with the selector and the subscriber id percent-encoded. */
    public static String topic(String selector, String subscriberId) {
        return PATH + "/" + percentEncode(selector) + "/" + percentEncode(subscriberId);
    }

    /** The draft-08 topic of one subscription: the path, its match type, then the matcher and the subscriber id percent-encoded. */
    public static String topic(String matchType, String match, String subscriberId) {
        return collectionPath(matchType, match) + "/" + percentEncode(subscriberId);
    }

    /** The draft-08 path of the subscriptions of one matcher. */
    public static String collectionPath(String matchType, String match) {
        return PATH + "/" + matchType + "/" + percentEncode(match);
    }

    /**
     * The draft whose subscription event {@code update} is, or {@code null} when it is none. Only the
     * hub makes these: publishers may use neither the event type {@value #EVENT_TYPE} nor topics
     * under the hub's path.
     */
    public static Draft draftOf(Update update) {
        if (!update.privateUpdate()) {
            return null;
        }
        if (EVENT_TYPE.equals(update.type())) {
            return Draft.DRAFT08;
        }
        return update.type() == null && update.topic().startsWith(PATH + "/") ? Draft.DRAFT07 : null;
    }

    /** The private updates announcing that {@code subscriber}'s subscription started or ended, one per draft. */
    List<Update> updates(Subscriber subscriber, TopicSelector selector, boolean active, List<Draft> drafts) {
        ObjectNode record = record(subscriber, selector, active);
        return drafts.stream().map(draft -> {
            ObjectNode document = render(record, draft);
            String type = draft == Draft.DRAFT08 ? EVENT_TYPE : null;
            return new Update(null, List.of(document.get("id").asText()), toJson(document), type, null, true);
        }).toList();
    }

    /** The key of one subscription in the directory: unique per subscriber and matcher. */
    static String key(Subscriber subscriber, TopicSelector selector) {
        Matcher matcher = selector.matcher();
        return (matcher.type() == Matcher.Type.SELECTOR ? "selector" : matcher.matchType()) + "/"
                + percentEncode(matcher.value()) + "/" + percentEncode(subscriber.id());
    }

    /** The record the directory keeps of one subscription: see the class comment. */
    public ObjectNode record(Subscriber subscriber, TopicSelector selector, boolean active) {
        ObjectNode node = newObject();
        node.put("@context", CONTEXT);
        node.put("id", topic(selector.value(), subscriber.id()));
        node.put("type", "Subscription");
        node.put("topic", selector.value());
        node.put("subscriber", subscriber.id());
        node.put("active", active);
        node.set("payload", json.valueToTree(subscriber.payloadOf(selector)));
        node.put("match_type", selector.matcher().matchType());
        node.put("match", selector.value());
        return node;
    }

    /** The document of {@code record} in the shape of {@code draft}. */
    public ObjectNode render(ObjectNode record, Draft draft) {
        String subscriber = record.path("subscriber").asText();
        boolean active = record.path("active").asBoolean(true);
        JsonNode payload = record.get("payload");
        ObjectNode node = newObject();
        if (draft == Draft.DRAFT07) {
            String topic = record.path("topic").asText();
            node.put("@context", CONTEXT);
            node.put("id", topic(topic, subscriber));
            node.put("type", "Subscription");
            node.put("topic", topic);
            node.put("subscriber", subscriber);
            node.put("active", active);
            node.set("payload", payload == null ? json.nullNode() : payload);
            return node;
        }
        String match = matchOf(record);
        String matchType = matchTypeOf(record);
        node.put("id", topic(matchType, match, subscriber));
        node.put("type", "subscription");
        node.put("match_type", matchType);
        node.put("match", match);
        node.put("subscriber", subscriber);
        node.put("active", active);
        if (payload != null && !payload.isNull()) {
            node.set("payload", payload);
        }
        return node;
    }

    /** The draft-08 matcher of a record. */
    public static String matchOf(ObjectNode record) {
        JsonNode match = record.get("match");
        return match != null && match.isTextual() ? match.asText() : record.path("topic").asText();
    }

    /** The draft-08 match type of a record. */
    public static String matchTypeOf(ObjectNode record) {
        JsonNode type = record.get("match_type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        return Matcher.selector(record.path("topic").asText()).matchType();
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
