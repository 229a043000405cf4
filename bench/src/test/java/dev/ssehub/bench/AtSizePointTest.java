package dev.ssehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Plain JUnit: how a probe's reach is read from its merged times is arithmetic on histograms. */
class AtSizePointTest {

    @Test
    void reachCountsTheSubscribersThatNeverHadTheProbe() {
        Histogram times = new Histogram(AtSizeSubscribers.HIGHEST_MICROS, AtSizeSubscribers.DIGITS);
        for (int millis = 1; millis <= 100; millis++) {
            times.recordValue(millis * 1_000L);
        }
        assertEquals(50, AtSizePoint.reach(times, 100, 0.5), 1);
        assertEquals(99, AtSizePoint.reach(times, 100, 0.99), 1);
        assertEquals(100, AtSizePoint.reach(times, 100, 1.0), 1);
        // The same times when 200 were subscribed: half had it at 100 ms, the rest never.
        assertEquals(100, AtSizePoint.reach(times, 200, 0.5), 1);
        assertTrue(Double.isNaN(AtSizePoint.reach(times, 200, 0.99)));
    }

    @Test
    void aProbesTimesSurviveTheTripBetweenProcesses() {
        Histogram times = new Histogram(AtSizeSubscribers.HIGHEST_MICROS, AtSizeSubscribers.DIGITS);
        times.recordValue(1_234);
        times.recordValue(987_654);
        Histogram back = AtSizeSubscribers.decode(AtSizeSubscribers.encode(times));
        assertEquals(2, back.getTotalCount());
        assertEquals(times.getMaxValue(), back.getMaxValue());
    }
}
