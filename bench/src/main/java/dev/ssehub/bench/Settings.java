package dev.ssehub.bench;

import java.util.List;

/**
 * The size of a benchmark run.
 *
 * @param repeats          how many times each point runs, per server
 * @param serverCpu        the CPU list (taskset) for the server under test
 * @param sourceAddresses  how many 127.0.0.x addresses subscribers connect from
 * @param connectCounts    subscriptions opened by the connect workload
 * @param connectParallel  how many of them are being opened at once
 * @param idleCounts       subscriber counts the idle workload measures at, rising
 * @param fanoutCounts     subscriber counts of the fanout workload
 * @param lowRateMillis    duration of the fanout's first step, at 1 update/s (the lowrate workload
 *                         has its own, in {@code lowRate})
 * @param stepMillis       duration of each following fanout step
 * @param deliveryRates    deliveries per second the fanout steps aim at, rising
 * @param floodAttackerAddresses how many 127.0.0.x addresses the flood workload's attackers connect
 *                         from (from 127.0.0.101 on, apart from the normal clients' 127.0.0.1)
 * @param floodFreshSelectors whether each retry of a flood attacker asks for selectors never asked
 *                         for before, instead of the same ones again
 * @param lowRate          the size of the lowrate workload
 */
record Settings(int repeats, String serverCpu, int sourceAddresses, List<Integer> connectCounts, int connectParallel,
        List<Integer> idleCounts, List<Integer> fanoutCounts, long lowRateMillis, long stepMillis,
        List<Integer> deliveryRates, int floodAttackerAddresses, boolean floodFreshSelectors, LowRate lowRate) {

    /** The documented run: every point three times. */
    static Settings full() {
        return new Settings(3, "1", 4, List.of(1_000, 10_000), 256, List.of(1_000, 5_000, 10_000, 19_500),
                List.of(1_000, 5_000, 10_000), 5_000, 3_000,
                List.of(25_000, 50_000, 100_000, 200_000, 400_000, 800_000, 1_600_000), 1, false,
                new LowRate(10_000, List.of(1.0, 5.0, 20.0), 30, 10_000));
    }

    /** A few minutes, for iterating: fewer and smaller points, once each. */
    static Settings quick() {
        return new Settings(1, "1", 4, List.of(2_000), 256, List.of(1_000, 5_000),
                List.of(1_000, 10_000), 3_000, 2_000,
                List.of(25_000, 50_000, 100_000, 200_000, 400_000, 800_000, 1_600_000), 1, false,
                new LowRate(2_000, List.of(1.0, 5.0, 20.0), 10, 5_000));
    }

    /**
     * The size of the lowrate workload: each rate step lasts long enough to publish
     * {@code updates} updates, and at least {@code minMillis}.
     *
     * @param subscribers subscribers on the one topic
     * @param rates       updates per second of the steps, in the order they run
     * @param updates     the fewest updates a step publishes
     * @param minMillis   the shortest step
     */
    record LowRate(int subscribers, List<Double> rates, int updates, long minMillis) {

        /** How long the step at {@code rate} updates/s lasts. */
        long stepMillis(double rate) {
            return Math.max(minMillis, (long) Math.ceil(1000.0 * updates / rate));
        }

        /** The same with other rates. */
        LowRate withRates(List<Double> others) {
            return new LowRate(subscribers, others, updates, minMillis);
        }

        /** The same with another number of subscribers. */
        LowRate withSubscribers(int count) {
            return new LowRate(count, rates, updates, minMillis);
        }
    }

    /** The same with another size of the lowrate workload. */
    Settings withLowRate(LowRate other) {
        return new Settings(repeats, serverCpu, sourceAddresses, connectCounts, connectParallel, idleCounts, fanoutCounts,
                lowRateMillis, stepMillis, deliveryRates, floodAttackerAddresses, floodFreshSelectors, other);
    }

    /** The same with other fanout subscriber counts. */
    Settings withFanoutCounts(List<Integer> counts) {
        return new Settings(repeats, serverCpu, sourceAddresses, connectCounts, connectParallel, idleCounts, counts,
                lowRateMillis, stepMillis, deliveryRates, floodAttackerAddresses, floodFreshSelectors, lowRate);
    }

    /** The same with other idle subscriber counts. */
    Settings withIdleCounts(List<Integer> counts) {
        return new Settings(repeats, serverCpu, sourceAddresses, connectCounts, connectParallel, counts, fanoutCounts,
                lowRateMillis, stepMillis, deliveryRates, floodAttackerAddresses, floodFreshSelectors, lowRate);
    }

    /** The same with another number of runs per point. */
    Settings withRepeats(int runs) {
        return new Settings(runs, serverCpu, sourceAddresses, connectCounts, connectParallel, idleCounts, fanoutCounts,
                lowRateMillis, stepMillis, deliveryRates, floodAttackerAddresses, floodFreshSelectors, lowRate);
    }

    /** The same with the flood's attackers spread over {@code addresses} source addresses. */
    Settings withFloodAttackerAddresses(int addresses) {
        return new Settings(repeats, serverCpu, sourceAddresses, connectCounts, connectParallel, idleCounts, fanoutCounts,
                lowRateMillis, stepMillis, deliveryRates, addresses, floodFreshSelectors, lowRate);
    }

    /** The same with flood attackers asking for new selectors at each retry, or not. */
    Settings withFloodFreshSelectors(boolean fresh) {
        return new Settings(repeats, serverCpu, sourceAddresses, connectCounts, connectParallel, idleCounts, fanoutCounts,
                lowRateMillis, stepMillis, deliveryRates, floodAttackerAddresses, fresh, lowRate);
    }
}
