package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Update;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.support.SseParser;

/**
 * Fuzzes the whole publish input path (form bytes to update to wire frame) with generated bodies,
 * from fixed seeds so that a failure reproduces: every body is either refused with a 4xx problem
 * or becomes an update whose encoded event parses back to exactly one event with the same fields.
 * Nothing else (no other exception, no 5xx) may happen. Plain JUnit: pure functions.
 */
class PublishInputFuzzTest {

    private static final UpdateForm FORM = new UpdateForm(5, 256, "https://hub.example.com/.well-known/mercure", List.of("/.well-known/mercure"));
    private static final String[] NAMES = {"topic", "data", "id", "type", "retry", "private", "target", "x"};
    private static final String[] PIECES = {"%", "%2", "%zz", "%0A", "%0D", "%00", "%0D%0A", "%23", "#", "+", "=", "&",
        "%C3%A9", "%F0%9F%98%80", "%C3", "%FF", "%E2%80%A8", "data:", "event:", " ", "-1", "42", "/books/1", "{id}",
        "urn:uuid:1", "%7B", "é"};

    static Stream<byte[]> bodies() {
        Random random = new Random(20261124);
        return IntStream.range(0, 5000).mapToObj(i -> body(random));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void anyBodyIsRefusedCleanlyOrRoundTripsExactly(byte[] body) {
        Map<String, List<String>> fields;
        try {
            fields = FormBody.parse(body);
        } catch (FormBody.MalformedFormException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        Update update;
        try {
            update = FORM.read(fields);
        } catch (ProblemException e) {
            assertThat(e.status()).isBetween(400, 499);
            assertThat(e.detail()).isNotBlank();
            return;
        }
        Update stored = update.id() == null ? update.withId("urn:uuid:generated") : update;
        var events = SseParser.parseAll(Envelope.encode(stored));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).id()).isEqualTo(stored.id());
        assertThat(events.get(0).type()).isEqualTo(stored.type() == null ? "message" : stored.type());
        assertThat(events.get(0).data()).isEqualTo(stored.data().replace("\r\n", "\n").replace('\r', '\n'));
        assertThat(stored.topics()).isNotEmpty().allMatch(topic -> !topic.isEmpty());
    }

    private static byte[] body(Random random) {
        StringBuilder out = new StringBuilder();
        int fields = random.nextInt(8);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                out.append('&');
            }
            out.append(random.nextInt(10) == 0 ? piece(random) : NAMES[random.nextInt(NAMES.length)]);
            if (random.nextInt(8) != 0) {
                out.append('=');
                int parts = random.nextInt(6);
                for (int p = 0; p < parts; p++) {
                    out.append(random.nextBoolean() ? piece(random) : (char) ('!' + random.nextInt(90)));
                }
            }
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(20) == 0 && bytes.length > 0) {
            // Now and then a raw byte that is not UTF-8.
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
        }
        return bytes;
    }

    private static String piece(Random random) {
        return PIECES[random.nextInt(PIECES.length)];
    }
}
