package dev.ssehub.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Envelope;
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

    /** A repeat is recognised within the history only: once the earlier copy has left it, the same update is new. */
    @Test
    void anIdenticalUpdateWhoseIdLeftTheHistoryIsStoredAgain() {
        Transport transport = transport(2);
        Envelope first = dispatch(transport, "gone");
        dispatch(transport, "a");
        dispatch(transport, "b");

        Envelope again = dispatch(transport, "gone");
        assertThat(again.position().isAfter(first.position())).isTrue();
        assertThat(ids(transport.history(Transport.EARLIEST).await().atMost(WAIT).updates())).containsExactly("b", "gone");
    }

    @Test
    void anIdenticalUpdateOlderThanTheMaxAgeIsStoredAgain() {
        Transport transport = track(create(10, Duration.ofMinutes(1)));
        Envelope first = dispatch(transport, "aged");
        advanceClock(Duration.ofSeconds(90));

        assertThat(dispatch(transport, "aged").position().isAfter(first.position())).isTrue();
    }
}
