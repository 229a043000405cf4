package dev.ssehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

/** Plain JUnit: the parser is pure byte handling, no server needed. */
class SseParserTest {

    private final List<String> events = new ArrayList<>();
    private final SseParser parser = new SseParser((data, length) -> events.add(new String(data, 0, length, StandardCharsets.UTF_8)));

    @Test
    void readsTheDataOfEachEventAndSkipsOtherFieldsAndComments() {
        feed(": hi\n\nid: 1\nevent: x\nretry: 5\ndata: one\n\nid: 2\ndata:two\n\n");
        assertEquals(List.of("one", "two"), events);
    }

    @Test
    void joinsDataLinesWithLineFeeds() {
        feed("data: a\ndata:\ndata: c\n\n");
        assertEquals(List.of("a\n\nc"), events);
    }

    @Test
    void anyLineTerminatorEndsALineEvenWhenAChunkSplitsIt() {
        feed("data: a\r");
        feed("\ndata: b\r\r");
        feed("data: c\r\n");
        feed("\r\n");
        assertEquals(List.of("a\nb", "c"), events);
    }

    @Test
    void anEventSplitAtEveryByteIsReadWhole() {
        for (byte b : "id: 7\ndata: 12_345_x\n\n".getBytes(StandardCharsets.UTF_8)) {
            parser.feed(Buffer.buffer(new byte[] {b}));
        }
        assertEquals(List.of("12_345_x"), events);
    }

    @Test
    void aFieldOnlyStartingWithDataIsNotData() {
        feed("database: no\ndata\n\n");
        assertEquals(List.of(""), events);
    }

    @Test
    void anEventWithoutDataIsNotDispatched() {
        feed("id: 1\n\n: keep-alive\n\n");
        assertEquals(List.of(), events);
    }

    private void feed(String chunk) {
        parser.feed(Buffer.buffer(chunk));
    }
}
