package dev.ssehub.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Update;

/**
 * The JSON of an update in a stream entry. The append script recognises a publisher's retry by
 * comparing that JSON byte for byte, so equal updates must encode alike and unequal ones apart.
 * Plain JUnit: no Redis involved.
 */
class UpdateCodecTest {

    private final UpdateCodec codec = new UpdateCodec();

    private static final Update UPDATE = new Update("id-1", List.of("https://example.com/books/1", "/books/1"),
            "line one\nline two \"quoted\" é 🙂", "book.updated", Duration.ofMillis(1500), true);

    @Test
    void equalUpdatesEncodeAlike() {
        Update equal = new Update("id-1", new ArrayList<>(List.of("https://example.com/books/1", "/books/1")),
                new StringBuilder("line one\nline two \"quoted\" é ").append("🙂").toString(), "book.updated",
                Duration.ofSeconds(1).plusMillis(500), true);

        assertThat(equal).isEqualTo(UPDATE);
        assertThat(codec.encode(equal)).isEqualTo(codec.encode(UPDATE));
    }

    @Test
    void updatesThatDifferInAnyFieldButTheIdEncodeApart() {
        List<Update> others = List.of(
                new Update("id-1", List.of("/books/1", "https://example.com/books/1"), UPDATE.data(), UPDATE.type(),
                        UPDATE.retry(), true),
                new Update("id-1", List.of("https://example.com/books/1"), UPDATE.data(), UPDATE.type(), UPDATE.retry(), true),
                new Update("id-1", UPDATE.topics(), UPDATE.data() + " ", UPDATE.type(), UPDATE.retry(), true),
                new Update("id-1", UPDATE.topics(), UPDATE.data(), null, UPDATE.retry(), true),
                new Update("id-1", UPDATE.topics(), UPDATE.data(), UPDATE.type(), null, true),
                new Update("id-1", UPDATE.topics(), UPDATE.data(), UPDATE.type(), Duration.ofMillis(1501), true),
                new Update("id-1", UPDATE.topics(), UPDATE.data(), UPDATE.type(), UPDATE.retry(), false));

        for (Update other : others) {
            assertThat(codec.encode(other)).as(other.toString()).isNotEqualTo(codec.encode(UPDATE));
        }
    }

    @Test
    void anEncodedUpdateDecodesToAnEqualOne() {
        assertThat(codec.decode("id-1", codec.encode(UPDATE))).isEqualTo(UPDATE);
    }
}
