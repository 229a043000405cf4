package dev.ssehub.hub;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Generates update ids as {@code urn:uuid:} IRIs: by default of time-ordered UUIDs (version 7,
 * RFC 9562), so that the ids one node generates increase, also as strings, and still never collide
 * across nodes; or, {@link #random() opaque}, of random UUIDs (version 4), which tell nothing about
 * when an update was published or about the ids before and after it. Thread-safe.
 */
public final class UpdateIds {

    private static final String PREFIX = "urn:uuid:";
    private static final int MAX_COUNTER = 0xFFF;

    private final LongSupplier clockMillis;
    private long lastMillis = -1;
    private int counter;

    /** @param clockMillis wall clock in epoch milliseconds, replaceable in tests; {@code null} for random ids */
    public UpdateIds(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** Ids of 122 random bits each, in no order. */
    public static UpdateIds random() {
        return new UpdateIds(null);
    }

    /** The next id; time-ordered ids are greater, as strings, than every id this instance returned before. */
    public String next() {
        if (clockMillis == null) {
            return PREFIX + UUID.randomUUID();
        }
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
