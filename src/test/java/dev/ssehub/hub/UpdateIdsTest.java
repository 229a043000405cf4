package dev.ssehub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.transport.memory.MemoryTransport;

/**
 * Generated update ids: time-ordered by default, random with {@code hub.opaque-ids}, so that an id
 * tells nothing about when its update was published or about the ids around it. Plain JUnit.
 */
class UpdateIdsTest {

    @Test
    void timeOrderedIdsGrowAsStringsAndCarryTheirMillisecond() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        UpdateIds ids = new UpdateIds(clock::get);
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            generated.add(ids.next());
            clock.addAndGet(i % 7 == 0 ? 1 : 0);
        }

        assertThat(generated).isSorted().doesNotHaveDuplicates();
        UUID first = UUID.fromString(generated.get(0).substring("urn:uuid:".length()));
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.getMostSignificantBits() >>> 16).as("the timestamp anyone can read").isEqualTo(1_700_000_000_000L);
    }

    @Test
    void opaqueIdsAreRandomVersion4UuidsInNoOrder() {
        UpdateIds ids = UpdateIds.random();
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            generated.add(ids.next());
        }

        assertThat(generated).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(id).startsWith("urn:uuid:");
            assertThat(UUID.fromString(id.substring("urn:uuid:".length())).version()).isEqualTo(4);
        });
        assertThat(generated).as("a thousand random ids are not already in order").isNotEqualTo(
                generated.stream().sorted().toList());
    }

    @Test
    void theHubGeneratesOpaqueIdsWhenAskedAndKeepsThoseOfPublishers() {
        MemoryTransport transport = new MemoryTransport(10, null, System::currentTimeMillis);
        Hub hub = new Hub(transport, new Hub.Settings(10, Duration.ofSeconds(15), false).withOpaqueIds(true), new ObjectMapper(), System::nanoTime);
        try {
            String generated = hub.publish(Update.of("/t", "x")).await().atMost(Duration.ofSeconds(5)).id();
            String given = hub.publish(new Update("mine", List.of("/t"), "x", null, null, false))
                    .await().atMost(Duration.ofSeconds(5)).id();

            assertThat(UUID.fromString(generated.substring("urn:uuid:".length())).version()).isEqualTo(4);
            assertThat(given).isEqualTo("mine");
        } finally {
            hub.close();
            transport.close();
        }
    }
}
