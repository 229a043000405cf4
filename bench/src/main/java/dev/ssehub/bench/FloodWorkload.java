package dev.ssehub.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;

/**
 * flood: the CPU-exhaustion issue's attack ({@link Attackers}) against sse-hub, in the prod profile
 * with anonymous subscribers allowed. A baseline phase without it, then a phase under it, measure
 * the same things: {@code /q/health/live} every 50 ms, the publish-to-receive latency of one
 * subscriber to an exact topic and one to a URI Template while a publisher sends 10 updates/s to
 * each, new subscriptions to the template, and the server's CPU time. Bounded in time: about 75 s.
 */
final class FloodWorkload {

    static final String NAME = "flood";
    // The keys the service's own tests use: tokens the reproduction can sign too.
    static final String PUBLISHER_KEY = "test-publisher-key-not-for-production-use";
    static final String SUBSCRIBER_KEY = "test-subscriber-key-not-for-production-use";
    static final String EXACT_TOPIC = "https://example.com/normal";
    static final String BOOKS_TEMPLATE = "https://example.com/books/{id}";
    static final String BOOK_TOPIC = "https://example.com/books/1";
    private static final double RATE_PER_SECOND = 10;
    // Latencies are kept by slice, so that a stall shows when it happened (at the attack's start, say).
    private static final long SLICE_MILLIS = 5_000;
    private static final int BASELINE_SLICES = 4;
    private static final int ATTACK_SLICES = 8;
    private static final long LIVENESS_PERIOD_MILLIS = 50;
    private static final long JOIN_PERIOD_MILLIS = 2_000;
    private static final long PROBE_TIMEOUT_MILLIS = 5_000;
    // A publish waiting longer than this on a silent connection fails, so that a frozen hub cannot
    // hold the run.
    private static final int PUBLISH_IDLE_TIMEOUT_SECONDS = 5;
    // Payload steps: the warm-up's, then one per slice of each phase.
    private static final int WARM_UP_STEP = Subscribers.MAX_STEPS - 1;
    private static final int BASELINE_FIRST_STEP = 0;
    private static final int ATTACK_FIRST_STEP = BASELINE_FIRST_STEP + BASELINE_SLICES;

    private FloodWorkload() {
    }

    static void run(Bench bench, SseHubServer hub, int repeat)
            throws IOException, InterruptedException, TimeoutException, ExecutionException {
        Generator generator = bench.generator();
        Settings settings = bench.settings();
        FloodPhase baseline;
        FloodPhase attack;
        RunningServer started;
        try (RunningServer running = bench.startAndWait(hub.withKeys(PUBLISHER_KEY, SUBSCRIBER_KEY).withDefaultLimits(), NAME, false);
                Subscribers exact = new Subscribers(generator, running, 1, 1);
                Subscribers template = new Subscribers(generator, running, 1, 1);
                Publisher exactPublisher = new Publisher(generator, running, EXACT_TOPIC, PUBLISH_IDLE_TIMEOUT_SECONDS);
                Publisher bookPublisher = new Publisher(generator, running, BOOK_TOPIC, PUBLISH_IDLE_TIMEOUT_SECONDS)) {
            started = running;
            exact.open(1, EXACT_TOPIC, 1, 30_000);
            template.open(1, BOOKS_TEMPLATE, 1, 30_000);
            Normal normal = new Normal(exact, template, exactPublisher, bookPublisher);
            // A JVM's first seconds are its slowest: the baseline should meet a warm server.
            phase(bench, running, normal, "warm-up", WARM_UP_STEP, 1, false);
            baseline = phase(bench, running, normal, "baseline", BASELINE_FIRST_STEP, BASELINE_SLICES, false);
            attack = phase(bench, running, normal, "attack", ATTACK_FIRST_STEP, ATTACK_SLICES, true);
        }
        bench.record(NAME, baseline.row(hub.name(), repeat, settings));
        bench.record(NAME, attack.row(hub.name(), repeat, settings));
        System.out.println();
        System.out.print(FloodTable.format(hub.name(), baseline, attack, settings));
        ServerLog log = ServerLog.read(started.log());
        System.out.println("server log: " + log.summary() + " (" + started.log() + ")");
        log.first().forEach(line -> System.out.println("  " + line));
        System.out.println();
        List<String> targets = FloodTable.targets(attack);
        targets.forEach(System.out::println);
    }

    /** The normal clients: a subscriber and a publisher for the exact topic and for the template. */
    private record Normal(Subscribers exact, Subscribers template, Publisher exactPublisher, Publisher bookPublisher) {
    }

    private static FloodPhase phase(Bench bench, RunningServer running, Normal normal, String name, int firstStep,
            int slices, boolean underAttack) throws InterruptedException, TimeoutException, ExecutionException {
        Generator generator = bench.generator();
        System.out.println("[" + NAME + "] " + name + " for " + slices * SLICE_MILLIS / 1000 + " s");
        boolean exactSubscribed = normal.exact().snapshot(firstStep).open() > 0;
        boolean templateSubscribed = normal.template().snapshot(firstStep).open() > 0;
        try (Attackers attackers = underAttack
                ? new Attackers(generator, running, bench.settings().floodAttackerAddresses(),
                        bench.settings().floodFreshSelectors()) : null;
                Prober liveness = new Prober(generator, running, "/q/health/live", false, LIVENESS_PERIOD_MILLIS,
                        PROBE_TIMEOUT_MILLIS, SLICE_MILLIS, slices);
                Prober join = new Prober(generator, running, running.server().subscribePath(BOOKS_TEMPLATE), true,
                        JOIN_PERIOD_MILLIS, PROBE_TIMEOUT_MILLIS, SLICE_MILLIS, slices)) {
            long cpuBefore = running.cpuMicros();
            long start = System.nanoTime();
            if (attackers != null) {
                attackers.start();
            }
            liveness.start();
            join.start();
            // One publisher run per slice, each with its own step: latencies per slice come for free.
            List<Publisher.Result> exactSent = new ArrayList<>();
            List<Publisher.Result> bookSent = new ArrayList<>();
            for (int step = firstStep; step < firstStep + slices; step++) {
                int slice = step;
                CompletableFuture<Publisher.Result> books = CompletableFuture.supplyAsync(
                        () -> publish(normal.bookPublisher(), slice));
                exactSent.add(normal.exactPublisher().run(step, RATE_PER_SECOND, SLICE_MILLIS));
                bookSent.add(books.get());
            }
            Prober.Result livenessResult = liveness.stop();
            Prober.Result joinResult = join.stop();
            long cpu = running.cpuMicros() - cpuBefore;
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            // Still under the attack: late deliveries count with the latency they had.
            FloodPhase.Delivery exact = delivery(normal.exact(), exactSubscribed, firstStep, exactSent);
            FloodPhase.Delivery template = delivery(normal.template(), templateSubscribed, firstStep, bookSent);
            Attackers.Snapshot attack = attackers == null ? null : attackers.stop();
            return new FloodPhase(name, elapsedMillis, SLICE_MILLIS, cpu, livenessResult, joinResult, exact, template, attack);
        }
    }

    /**
     * Waits for the last slice's updates (those of earlier slices had that time already), then
     * adds up the slices.
     */
    private static FloodPhase.Delivery delivery(Subscribers subscribers, boolean subscribed, int firstStep,
            List<Publisher.Result> sent) throws InterruptedException, TimeoutException {
        int lastStep = firstStep + sent.size() - 1;
        subscribers.awaitDeliveries(lastStep, sent.get(sent.size() - 1).accepted());
        long sentCount = 0;
        long accepted = 0;
        long received = 0;
        String failure = null;
        Histogram latency = null;
        List<Histogram> slices = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Publisher.Result result = sent.get(i);
            Subscribers.Snapshot snapshot = subscribers.snapshot(firstStep + i);
            Histogram slice = subscribers.latency(firstStep + i);
            sentCount += result.sent();
            accepted += result.accepted();
            received += snapshot.received();
            if (result.lastFailure() != null || snapshot.lastFailure() != null) {
                failure = result.lastFailure() != null ? result.lastFailure() : snapshot.lastFailure();
            }
            slices.add(slice);
            if (latency == null) {
                latency = slice.copy();
            } else {
                latency.add(slice);
            }
        }
        return new FloodPhase.Delivery(subscribed, sentCount, accepted, received, latency, slices, failure);
    }

    private static Publisher.Result publish(Publisher publisher, int step) {
        try {
            return publisher.run(step, RATE_PER_SECOND, SLICE_MILLIS);
        } catch (InterruptedException | TimeoutException e) {
            throw new CompletionException(e);
        }
    }
}
