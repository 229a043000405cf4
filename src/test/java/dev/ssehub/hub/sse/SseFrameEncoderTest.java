package dev.ssehub.hub.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Position;
import dev.ssehub.hub.Update;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseParser;

/** Plain tests of the wire format: no container needed, the encoder is pure. */
class SseFrameEncoderTest {

    @Test
    void defaultEventHasIdAndOneDataLine() {
        assertThat(Envelope.encode(event("42", "2026-11-23T18:34:54.123Z")))
                .isEqualTo("id: 42\ndata: 2026-11-23T18:34:54.123Z\n\n");
    }

    @Test
    void namedEventWithRetryWritesFieldsInOrder() {
        Update event = new Update("43", List.of("/t"), "{\"user\":\"ada\"}", "user_joined", Duration.ofMillis(2500), false);
        assertThat(Envelope.encode(event))
                .isEqualTo("id: 43\nevent: user_joined\nretry: 2500\ndata: {\"user\":\"ada\"}\n\n");
    }

    @Test
    void multiLineDataBecomesOneDataLinePerLine() {
        assertThat(Envelope.encode(event("1", "a\nb\r\nc\rd")))
                .isEqualTo("id: 1\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void trailingAndEmptyLinesSurvive() {
        assertThat(Envelope.encode(event("1", "a\n\nb\n")))
                .isEqualTo("id: 1\ndata: a\ndata: \ndata: b\ndata: \n\n");
        assertThat(roundTrip(event("1", "a\n\nb\n")).data()).isEqualTo("a\n\nb\n");
    }

    @Test
    void emptyDataIsStillDispatched() {
        assertThat(Envelope.encode(event("1", ""))).isEqualTo("id: 1\ndata: \n\n");
        assertThat(roundTrip(event("1", "")).data()).isEmpty();
    }

    @Test
    void leadingSpaceOfDataIsPreserved() {
        assertThat(roundTrip(event("1", "  indented\n more")).data()).isEqualTo("  indented\n more");
    }

    @Test
    void unicodeIsWrittenAsUtf8() {
        String data = "héllo 世界 😀 \u2028 end";
        byte[] bytes = SseFrameEncoder.bytes(Envelope.encode(event("7", data)));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("id: 7\ndata: " + data + "\n\n");
        assertThat(roundTrip(event("7", data)).data()).isEqualTo(data);
    }

    @Test
    void commentIsOneLine() {
        assertThat(SseFrameEncoder.text(Comment.KEEP_ALIVE)).isEqualTo(": keep-alive\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\r\nb", "a\0b", "\n", "evil\nevent: spoofed"})
    void idWithLineBreakOrNulIsRejected(String id) {
        assertThatThrownBy(() -> event(id, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id must not contain control or invisible format characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\0b", "message\n\ndata: injected"})
    void typeWithLineBreakOrNulIsRejected(String type) {
        assertThatThrownBy(() -> named("1", type, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type must not contain control or invisible format characters");
    }

    @Test
    void commentWithLineBreakIsRejected() {
        assertThatThrownBy(() -> new Comment("a\ndata: x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyIdOrTypeAndNegativeRetryAreRejected() {
        assertThatThrownBy(() -> event("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> named("1", "", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Update("1", List.of("/t"), "x", null, Duration.ofMillis(-1), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Many random events, from a fixed seed so that a failure reproduces. */
    @ParameterizedTest
    @MethodSource("randomEvents")
    void anyDataRoundTripsWithLineBreaksNormalised(String id, String type, String data) {
        ReceivedEvent received = roundTrip(named(id, type, data));
        assertThat(received.data()).isEqualTo(data.replace("\r\n", "\n").replace('\r', '\n'));
        assertThat(received.id()).isEqualTo(id);
        assertThat(received.type()).isEqualTo(type);
    }

    @ParameterizedTest
    @MethodSource("randomFieldsWithAForbiddenCharacter")
    void fieldsWithAForbiddenCharacterAreAlwaysRejected(String value) {
        assertThatThrownBy(() -> named(value, "t", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> named("1", value, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> randomEvents() {
        Random random = new Random(20261123);
        return IntStream.range(0, 500)
                .mapToObj(i -> Arguments.of(field(random), field(random), text(random)));
    }

    static Stream<String> randomFieldsWithAForbiddenCharacter() {
        Random random = new Random(42);
        // Line breaks and NUL (stream injection), other C0 and C1 controls, DEL, and format characters
        // (zero-width space, right-to-left override, byte order mark) that hide in headers and logs.
        char[] forbidden = {'\r', '\n', '\0', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f', '\u200b', '\u202e',
            '\ufeff'};
        return IntStream.range(0, 300)
                .mapToObj(i -> field(random) + forbidden[random.nextInt(forbidden.length)] + field(random));
    }

    /** Text mixing line breaks, spaces, colons, NUL, BMP characters and surrogate pairs. */
    private static String text(Random random) {
        String[] pieces = {"\n", "\r", "\r\n", " ", ":", "\0", "😀", "é", "世界", "data: ", "\u2028"};
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(60);
        for (int i = 0; i < length; i++) {
            if (random.nextBoolean()) {
                out.append(pieces[random.nextInt(pieces.length)]);
            } else {
                out.append((char) (0x20 + random.nextInt(0xD7FF - 0x20)));
            }
        }
        return out.toString();
    }

    /** A non-empty field value with no control or format character and no leading space (a parser strips one). */
    private static String field(Random random) {
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(30);
        while (out.length() < length) {
            char c = (char) ('!' + random.nextInt(0xD7FF - '!'));
            if (!Character.isISOControl(c) && Character.getType(c) != Character.FORMAT) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Update event(String id, String data) {
        return new Update(id, List.of("/t"), data, null, null, false);
    }

    private static Update named(String id, String type, String data) {
        return new Update(id, List.of("/t"), data, type, null, false);
    }

    @Test
    void noticeHasNoIdAndEnvelopeIsEncodedOnce() {
        assertThat(SseFrameEncoder.text(new Notice("gap", "{\"a\":1}"))).isEqualTo("event: gap\ndata: {\"a\":1}\n\n");
        Envelope envelope = new Envelope(event("9", "x"), new Position(0, 9), 0);
        assertThat(envelope.bytes()).isSameAs(envelope.bytes());
        assertThat(new String(envelope.bytes(), StandardCharsets.UTF_8)).isEqualTo("id: 9\ndata: x\n\n");
    }

    @Test
    void anUpdateWithoutIdCannotBeEncoded() {
        assertThatThrownBy(() -> Envelope.encode(Update.of("/t", "x"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static ReceivedEvent roundTrip(Update event) {
        List<ReceivedEvent> events = SseParser.parseAll(Envelope.encode(event));
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
