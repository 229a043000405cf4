package dev.ssehub.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ssehub.support.AppProcess;
import dev.ssehub.support.Cleanup;
import dev.ssehub.support.NumberedPublisher;
import dev.ssehub.support.NumberedPublisher.Publish;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.ResumingSubscriber;
import dev.ssehub.support.SentinelGroup;

/**
 * Two replicas of the packaged application, with {@code hub.redis.min-replicas=1}, on a Redis master
 * with two replicas and three sentinels
 * ({@code quarkus.redis.client-type=sentinel}) go through a failover: while updates are published
 * every 50 ms, replication lags for a while, then the master is killed with {@code SIGKILL}. Every
 * update answered 200 must reach every subscriber exactly once and in order, whether it stayed
 * connected, was away across the failover and resumed with {@code Last-Event-ID}, or connected
 * afterwards and replayed the history; publishing meanwhile is refused with 503 and
 * {@code Retry-After} and never hangs; readiness goes DOWN and comes back; and both replicas follow
 * the new master without a restart. The figures (updates acknowledged and lost, the outage) are
 * printed.
 */
class SentinelFailoverIT {

    private static final String TOPIC = "https://example.com/failover";
    private static final String KEY_PREFIX = "sse-hub";
    private static final Duration DOWN_AFTER = Duration.ofSeconds(1);
    private static final Duration PUBLISH_INTERVAL = Duration.ofMillis(50);
    // Each publish is bounded: one that reaches this is a hang, which the test fails on.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    // How long replication lags before the master dies: what the master acknowledged meanwhile is at risk.
    private static final Duration REPLICATION_HELD = Duration.ofSeconds(2);
    private static final int STEADY_UPDATES = 40;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static SentinelGroup redis;
    private static AppProcess a;
    private static AppProcess b;

    @BeforeAll
    static void startReplicas() {
        // Two replicas: with hub.redis.min-replicas=1, the promoted one needs a replica of its own.
        redis = SentinelGroup.start(DOWN_AFTER, 2);
        List<String> arguments = new ArrayList<>(List.of("-Dhub.transport=redis",
                "-Dquarkus.redis.hosts=" + redis.sentinelHosts(), "-Dquarkus.redis.client-type=sentinel",
                "-Dquarkus.redis.master-name=" + SentinelGroup.MASTER_NAME, "-Dquarkus.redis.role=master",
                "-Dhub.redis.key-prefix=" + KEY_PREFIX, "-Dhub.redis.timeout=2s", "-Dhub.heartbeat=1s",
                "-Dhub.demo.tick=1h",
                // A publish answers 200 only once a replica has the update.
                "-Dhub.redis.min-replicas=1"));
        // Side by side: each start takes seconds on two cores.
        CompletableFuture<AppProcess> first = CompletableFuture.supplyAsync(() -> AppProcess.start("SentinelFailoverIT-a",
                arguments.toArray(String[]::new)));
        CompletableFuture<AppProcess> second = CompletableFuture.supplyAsync(() -> AppProcess.start("SentinelFailoverIT-b",
                arguments.toArray(String[]::new)));
        a = first.join();
        b = second.join();
    }

    @AfterAll
    static void stopReplicas() {
        Cleanup.closeAll(a, b, redis);
    }

    @Test
    void aFailoverLosesNoAcknowledgedUpdateAndBothReplicasFollowTheNewMaster() throws Exception {
        long pidA = a.process().pid();
        long pidB = b.process().pid();
        NumberedPublisher publisher = NumberedPublisher.to(TOPIC, "failover", List.of(a, b), REQUEST_TIMEOUT);
        Publish marker = publisher.publish(a, publisher.id(0));
        assertThat(marker.status()).as(marker.body()).isEqualTo(200);

        List<ResumingSubscriber> subscribers = new ArrayList<>();
        ResumingSubscriber steadyA = track(subscribers, ResumingSubscriber.start("steady on A", subscribe(a), marker.id()));
        ResumingSubscriber steadyB = track(subscribers, ResumingSubscriber.start("steady on B", subscribe(b), marker.id()));
        ResumingSubscriber awayA = track(subscribers, ResumingSubscriber.start("away on A", subscribe(a), marker.id()));
        ResumingSubscriber awayB = track(subscribers, ResumingSubscriber.start("away on B", subscribe(b), marker.id()));
        Readiness readiness = new Readiness();
        publisher.startEvery(PUBLISH_INTERVAL);
        try {
            await().atMost(WAIT).until(() -> publisher.acknowledged().size() >= STEADY_UPDATES);

            // Gone before replication lags, back after the crash: they resume from the new master's history.
            awayA.goAway(REPLICATION_HELD.plusSeconds(2));
            awayB.goAway(REPLICATION_HELD.plusSeconds(2));
            redis.holdReplication(REPLICATION_HELD.plusSeconds(30));
            int acknowledgedBeforeHold = publisher.acknowledged().size();
            // The scenario itself: replication lags this long while publishing goes on.
            await().during(REPLICATION_HELD).atMost(REPLICATION_HELD.plusSeconds(5)).until(publisher::running);
            int acknowledgedWhileHeld = publisher.acknowledged().size() - acknowledgedBeforeHold;
            long killedAt = System.nanoTime();
            redis.killMaster();

            int newMaster = redis.awaitFailover(WAIT);
            long failedOverAt = System.nanoTime();
            await("both replicas ready again").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> readiness.upSince(a, killedAt) && readiness.upSince(b, killedAt));
            long readyAt = System.nanoTime();
            await("updates acknowledged after the failover").atMost(WAIT)
                    .until(() -> publisher.acknowledgedAfter(killedAt).size() >= STEADY_UPDATES);
            publisher.close();
            readiness.stop();

            List<String> acknowledged = publisher.acknowledged().stream().map(Publish::id).toList();
            String last = acknowledged.get(acknowledged.size() - 1);
            ResumingSubscriber lateA = track(subscribers, ResumingSubscriber.start("late on A", subscribe(a), marker.id()));
            ResumingSubscriber lateB = track(subscribers, ResumingSubscriber.start("late on B", subscribe(b), marker.id()));
            try {
                // Bounded, and not an assertion: what did not arrive by then is reported below.
                await().atMost(Duration.ofSeconds(15)).until(() -> subscribers.stream()
                        .allMatch(subscriber -> received(subscriber).contains(last)));
            } catch (ConditionTimeoutException e) {
                // Reported below.
            }

            report(publisher, readiness, subscribers, acknowledgedWhileHeld, killedAt, failedOverAt, readyAt);

            SoftAssertions softly = new SoftAssertions();
            List<Publish> sent = publisher.sent();
            softly.assertThat(sent.stream().filter(p -> p.status() == Publish.TIMED_OUT).map(Publish::id).toList())
                    .as("publishes that hit the client's %s timeout", REQUEST_TIMEOUT).isEmpty();
            List<Publish> refused = sent.stream().filter(p -> p.status() != 200).toList();
            softly.assertThat(refused).as("publishes refused during the failover").isNotEmpty();
            for (Publish p : refused) {
                softly.assertThat(p.status()).as("status of %s (%s)", p.id(), p.body()).isEqualTo(503);
                softly.assertThat(p.contentType()).as("type of %s", p.id()).startsWith("application/problem+json");
                softly.assertThat(p.retryAfter()).as("Retry-After of %s", p.id()).isNotEmpty();
            }
            softly.assertThat(readiness.downSince(a, killedAt)).as("A's readiness went DOWN").isTrue();
            softly.assertThat(readiness.downSince(b, killedAt)).as("B's readiness went DOWN").isTrue();
            softly.assertThat(a.process().isAlive() && a.process().pid() == pidA).as("A was not restarted").isTrue();
            softly.assertThat(b.process().isAlive() && b.process().pid() == pidB).as("B was not restarted").isTrue();
            softly.assertThat(publisher.acknowledgedAfter(killedAt).stream().map(Publish::replica).distinct().count())
                    .as("both replicas publish to the new master").isEqualTo(2);
            softly.assertThat(redis.cli(newMaster, "HGET", "{" + KEY_PREFIX + "}:ids", last).strip())
                    .as("the new master's index of update ids has the last acknowledged update").matches("\\d+-\\d+");
            softly.assertThat(awayA.connections()).as("away on A resumed").isGreaterThanOrEqualTo(2);
            softly.assertThat(awayB.connections()).as("away on B resumed").isGreaterThanOrEqualTo(2);
            for (ResumingSubscriber subscriber : subscribers) {
                List<String> received = received(subscriber);
                softly.assertThat(isStrictlyIncreasing(received))
                        .as("%s received each update once, in order: %s", subscriber.name(), received).isTrue();
                softly.assertThat(missing(acknowledged, received))
                        .as("acknowledged updates %s never received", subscriber.name()).isEmpty();
            }
            softly.assertAll();
        } finally {
            publisher.close();
            readiness.stop();
            subscribers.forEach(ResumingSubscriber::close);
        }
    }

    private static void report(NumberedPublisher publisher, Readiness readiness, List<ResumingSubscriber> subscribers,
            int acknowledgedWhileHeld, long killedAt, long failedOverAt, long readyAt) {
        List<Publish> sent = publisher.sent();
        List<String> acknowledged = publisher.acknowledged().stream().map(Publish::id).toList();
        Publish firstFailed = sent.stream().filter(p -> p.status() != 200).findFirst().orElse(null);
        Publish recovered = firstFailed == null ? null : sent.stream()
                .filter(p -> p.status() == 200 && p.startedAt() > firstFailed.startedAt()).findFirst().orElse(null);
        StringBuilder out = new StringBuilder("\n=== SentinelFailoverIT (hub.redis.min-replicas 1) ===\n");
        out.append(String.format("published %d, acknowledged %d (%d while replication was held %s), refused %d "
                + "(statuses %s)%n", sent.size(), acknowledged.size(), acknowledgedWhileHeld, REPLICATION_HELD,
                sent.size() - acknowledged.size(), sent.stream().collect(Collectors.groupingBy(Publish::status,
                        Collectors.counting()))));
        if (firstFailed != null && recovered != null) {
            out.append(String.format("outage: %d ms from the first refused publish (%s) to the first acknowledged one "
                    + "after it (%s); %d ms from the kill%n", millis(recovered.startedAt() - firstFailed.startedAt()),
                    firstFailed.id(), recovered.id(), millis(recovered.startedAt() - killedAt)));
        }
        out.append(String.format("sentinels agreed on the new master %d ms after the kill; both replicas ready after "
                + "%d ms; readiness DOWN on A for %d ms, on B for %d ms%n", millis(failedOverAt - killedAt),
                millis(readyAt - killedAt), readiness.downMillis(a), readiness.downMillis(b)));
        for (ResumingSubscriber subscriber : subscribers) {
            List<String> received = received(subscriber);
            out.append(String.format("%-12s connections %d, received %d, acknowledged missing %d %s, out of order or "
                    + "repeated: %s, notices %s%n", subscriber.name(), subscriber.connections(), received.size(),
                    missing(acknowledged, received).size(), abbreviate(missing(acknowledged, received)),
                    !isStrictlyIncreasing(received), subscriber.notices().stream().map(ReceivedEvent::type).toList()));
        }
        System.out.println(out);
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 6 ? ids.toString() : ids.subList(0, 3) + "…" + ids.subList(ids.size() - 2, ids.size());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static ResumingSubscriber track(List<ResumingSubscriber> all, ResumingSubscriber subscriber) {
        all.add(subscriber);
        return subscriber;
    }

    private static List<String> received(ResumingSubscriber subscriber) {
        return subscriber.events().stream().map(ReceivedEvent::id).toList();
    }

    private static List<String> missing(List<String> acknowledged, List<String> received) {
        return acknowledged.stream().filter(id -> !received.contains(id)).toList();
    }

    private static boolean isStrictlyIncreasing(List<String> ids) {
        for (int i = 1; i < ids.size(); i++) {
            if (ids.get(i).compareTo(ids.get(i - 1)) <= 0) {
                return false;
            }
        }
        return true;
    }

    private static URI subscribe(AppProcess replica) {
        return replica.baseUri().resolve("/.well-known/mercure?topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8));
    }

    /** Polls both replicas' {@code /q/health/ready} every 100 ms and keeps what each answered when. */
    private static final class Readiness {

        private record Sample(AppProcess replica, long at, boolean up) {
        }

        private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        private final List<Sample> samples = new CopyOnWriteArrayList<>();

        Readiness() {
            for (AppProcess replica : List.of(a, b)) {
                executor.scheduleWithFixedDelay(() -> samples.add(new Sample(replica, System.nanoTime(), isUp(replica))),
                        0, 100, TimeUnit.MILLISECONDS);
            }
        }

        boolean downSince(AppProcess replica, long nanos) {
            return samples.stream().anyMatch(s -> s.replica() == replica && s.at() > nanos && !s.up());
        }

        /** Whether {@code replica} went DOWN after {@code nanos} and is UP again. */
        boolean upSince(AppProcess replica, long nanos) {
            List<Sample> after = samples.stream().filter(s -> s.replica() == replica && s.at() > nanos).toList();
            return after.stream().anyMatch(s -> !s.up()) && after.get(after.size() - 1).up();
        }

        /** From the first DOWN sample to the first UP one after it. */
        long downMillis(AppProcess replica) {
            List<Sample> mine = samples.stream().filter(s -> s.replica() == replica).toList();
            Sample down = mine.stream().filter(s -> !s.up()).findFirst().orElse(null);
            if (down == null) {
                return 0;
            }
            return mine.stream().filter(s -> s.up() && s.at() > down.at()).findFirst()
                    .map(up -> millis(up.at() - down.at())).orElse(-1L);
        }

        void stop() throws InterruptedException {
            executor.shutdown();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }

        private static boolean isUp(AppProcess replica) {
            return replica.answersOk("/q/health/ready");
        }
    }
}
