package dev.ssehub.hub;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Generates update ids as {@code urn:uuid:} IRIs of time-ordered UUIDs (version 7, RFC 9562),
 * so that the ids one node generates increase, also as strings, and still never collide across
 * nodes. Thread-safe.
 */
public final class UpdateIds {

    private static final String PREFIX = "urn:uuid:";
    private static final int MAX_COUNTER = 0xFFF;

    private final LongSupplier clockMillis;
    private long lastMillis = -1;
    private int counter;

    /** @param clockMillis wall clock in epoch milliseconds, replaceable in tests */
    public UpdateIds(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** The next id; greater, as a string, than every id this instance returned before. */
    public String next() {
        long millis;
        int sequence;
        synchronized (this) {
            millis = Math.max(clockMillis.getAsLong(), lastMillis);
            if (millis == lastMillis) {
                // Same millisecond (or the clock went back): count up in the 12 bits of rand_a;
                // when they run out, borrow the next millisecond.
                if (counter == MAX_COUNTER) {
                    millis++;
                    counter = 0;
                } else {
                    counter++;
                }
            } else {
                counter = 0;
            }
            lastMillis = millis;
            sequence = counter;
        }
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | sequence;
        long low = ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return PREFIX + new UUID(high, low);
    }

    /** A random subscriber id ({@code urn:uuid:} with a version 4 UUID). */
    public static String subscriberId() {
        return PREFIX + UUID.randomUUID();
    }
}
