package dev.ssehub.hub;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The transport contract for the in-memory transport; plain JUnit, with a clock the test moves. */
class MemoryTransportTest extends TransportContractTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Override
    Transport create(int capacity, Duration maxAge) {
        return new MemoryTransport(capacity, maxAge, clock::get);
    }

    @Override
    void advanceClock(Duration by) {
        clock.addAndGet(by.toMillis());
    }
}
