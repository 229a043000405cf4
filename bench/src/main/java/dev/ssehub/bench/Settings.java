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
 * @param lowRateMillis    duration of the fanout's first step, at 1 update/s
 * @param stepMillis       duration of each following fanout step
 * @param deliveryRates    deliveries per second the fanout steps aim at, rising
 * @param floodAttackerAddresses how many 127.0.0.x addresses the flood workload's attackers connect
 *                         from (from 127.0.0.101 on, apart from the normal clients' 127.0.0.1)
 * @param floodFreshSelectors whether each retry of a flood attacker asks for selectors never asked
 *                         for before, instead of the same ones again
 */
record Settings(int repeats, String serverCpu, int sourceAddresses, List<Integer> connectCounts, int connectParallel,
        List<Integer> idleCounts, List<Integer> fanoutCounts, long lowRateMillis, long stepMillis,
        List<Integer> deliveryRates, int floodAttackerAddresses, boolean floodFreshSelectors) {

    /** The documented run: every point three times. */
    static Settings full() {
        return new Settings(3, "1", 4, List.of(1_000, 10_000), 256, List.of(1_000, 5_000, 10_000, 19_500),
                List.of(1_000, 5_000, 10_000), 5_000, 3_000,
                List.of(25_000, 50_000, 100_000, 200_000, 400_000, 800_000, 1_600_000), 1, false);
    }

    /** A few minutes, for iterating: fewer and smaller points, once each. */
    static Settings quick() {
        return new Settings(1, "1", 4, List.of(2_000), 256, List.of(1_000, 5_000),
                List.of(1_000, 10_000), 3_000, 2_000,
                List.of(25_000, 50_000, 100_000, 200_000, 400_000, 800_000, 1_600_000), 1, false);
    }

    /** The same with other fanout subscriber counts. */
    Settings withFanoutCounts(List<Integer> counts) {
        return new Settings(repeats, serverCpu, sourceAddresses, connectCounts, connectParallel, idleCounts, counts,
                lowRateMillis, stepMillis, deliveryRates, floodAttackerAddresses, floodFreshSelectors);
    }

    /** The same with other idle subscriber counts. */
    Settings withIdleCounts(List<Integer> counts) {
        return new Settings(repeats, serverCpu, sourceAddresses, connectCounts, connectParallel, counts, fanoutCounts,
                lowRateMillis, stepMillis, deliveryRates, floodAttackerAddresses, floodFreshSelectors);
    }

    /** The same with another number of runs per point. */
    Settings withRepeats(int runs) {
        return new Settings(runs, serverCpu, sourceAddresses, connectCounts, connectParallel, idleCounts, fanoutCounts,
                lowRateMillis, stepMillis, deliveryRates, floodAttackerAddresses, floodFreshSelectors);
    }

    /** The same with the flood's attackers spread over {@code addresses} source addresses. */
    Settings withFloodAttackerAddresses(int addresses) {
        return new Settings(repeats, serverCpu, sourceAddresses, connectCounts, connectParallel, idleCounts, fanoutCounts,
                lowRateMillis, stepMillis, deliveryRates, addresses, floodFreshSelectors);
    }

    /** The same with flood attackers asking for new selectors at each retry, or not. */
    Settings withFloodFreshSelectors(boolean fresh) {
        return new Settings(repeats, serverCpu, sourceAddresses, connectCounts, connectParallel, idleCounts, fanoutCounts,
                lowRateMillis, stepMillis, deliveryRates, floodAttackerAddresses, fresh);
    }
}
