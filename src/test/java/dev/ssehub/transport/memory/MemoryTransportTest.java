package dev.ssehub.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Transport;
import dev.ssehub.hub.TransportContractTest;
import dev.ssehub.hub.Update;

/** The transport contract for the in-memory transport; plain JUnit, with a clock the test moves. */
class MemoryTransportTest extends TransportContractTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Override
    protected Transport create(int capacity, Duration maxAge) {
        return new MemoryTransport(capacity, maxAge, clock::get);
    }

    @Override
    protected void advanceClock(Duration by) {
        clock.addAndGet(by.toMillis());
    }

    @Test
    void largeUpdatesLeaveTheHistoryWhenItsMemoryBudgetIsSpent() {
        Transport transport = track(new MemoryTransport(1000, 10_000, null, clock::get));
        for (String id : List.of("a", "b", "c", "d")) {
            transport.dispatch(new Update(id, List.of("/t"), "x".repeat(3000), null, null, false)).await().atMost(WAIT);
        }

        // About 9 KB each: only the newest fits the budget of 10 KB.
        assertThat(ids(transport.history(Transport.EARLIEST).await().atMost(WAIT).updates())).containsExactly("d");
        transport.dispatch(new Update("small", List.of("/t"), "y", null, null, false)).await().atMost(WAIT);
        assertThat(ids(transport.history(Transport.EARLIEST).await().atMost(WAIT).updates())).containsExactly("d", "small");
    }
}
