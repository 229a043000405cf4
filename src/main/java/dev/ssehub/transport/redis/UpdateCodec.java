package dev.ssehub.transport.redis;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.ssehub.hub.Update;

/**
 * An update as the JSON kept in a stream entry: {@code {"topics":[...],"data":"...","type":"...",
 * "retry":ms,"private":true}}, absent fields omitted. Its id is a field of the entry of its own,
 * so that the scripts can read it. Thread-safe.
 */
final class UpdateCodec {

    private final JsonFactory json = new JsonFactory();

    String encode(Update update) {
        StringWriter out = new StringWriter(64 + update.data().length());
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("topics");
            for (String topic : update.topics()) {
                generator.writeString(topic);
            }
            generator.writeEndArray();
            generator.writeStringField("data", update.data());
            if (update.type() != null) {
                generator.writeStringField("type", update.type());
            }
            if (update.retry() != null) {
                generator.writeNumberField("retry", update.retry().toMillis());
            }
            if (update.privateUpdate()) {
                generator.writeBooleanField("private", true);
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen writing to a string", e);
        }
        return out.toString();
    }

    /**
     * The update with id {@code id} from its JSON; {@link IllegalArgumentException} when the JSON
     * is not such an update (an entry some other program wrote).
     */
    Update decode(String id, String encoded) {
        List<String> topics = new ArrayList<>(1);
        String data = null;
        String type = null;
        Duration retry = null;
        boolean privateUpdate = false;
        try (JsonParser parser = json.createParser(encoded)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, encoded);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "topics" -> {
                        expect(value == JsonToken.START_ARRAY, encoded);
                        while (parser.nextToken() == JsonToken.VALUE_STRING) {
                            topics.add(parser.getText());
                        }
                    }
                    case "data" -> data = parser.getText();
                    case "type" -> type = parser.getText();
                    case "retry" -> retry = Duration.ofMillis(parser.getLongValue());
                    case "private" -> privateUpdate = parser.getBooleanValue();
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not an update: " + e.getMessage(), e);
        }
        expect(data != null, encoded);
        return new Update(id, topics, data, type, retry, privateUpdate);
    }

    private static void expect(boolean condition, String encoded) {
        if (!condition) {
            throw new IllegalArgumentException("not an update: " + abbreviate(encoded));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
