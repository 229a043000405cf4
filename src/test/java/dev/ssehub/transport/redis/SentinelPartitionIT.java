package dev.ssehub.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
 * The packaged application on a Sentinel-watched master follows the master when the sentinels fail
 * over while the old master is still reachable from the hub (a network partition cuts the sentinels
 * off it): the hub's stream reader, whose connection stays on the server it was opened to, moves to
 * the new master within seconds instead of waiting on the old one, whose stream no longer grows.
 * What the old master acknowledged after the replica left it (split brain) is printed.
 */
class SentinelPartitionIT {

    private static final String TOPIC = "https://example.com/partition";
    private static final String KEY_PREFIX = "sse-hub";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int STEADY_UPDATES = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static SentinelGroup redis;
    private static AppProcess hub;

    @BeforeAll
    static void start() {
        redis = SentinelGroup.start(Duration.ofSeconds(1));
        hub = AppProcess.start("SentinelPartitionIT", "-Dhub.transport=redis",
                "-Dquarkus.redis.hosts=" + redis.sentinelHosts(), "-Dquarkus.redis.client-type=sentinel",
                "-Dquarkus.redis.master-name=" + SentinelGroup.MASTER_NAME, "-Dquarkus.redis.role=master",
                "-Dhub.redis.key-prefix=" + KEY_PREFIX, "-Dhub.redis.timeout=2s", "-Dhub.demo.tick=1h");
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(hub, redis);
    }

    @Test
    void theReaderMovesToTheNewMasterWhileTheOldOneIsStillReachable() {
        NumberedPublisher publisher = NumberedPublisher.to(TOPIC, "partition", List.of(hub), REQUEST_TIMEOUT);
        Publish marker = publisher.publish(hub, publisher.id(0));
        assertThat(marker.status()).as(marker.body()).isEqualTo(200);
        try (ResumingSubscriber subscriber = ResumingSubscriber.start("subscriber", subscribe(), marker.id())) {
            publisher.startEvery(Duration.ofMillis(100));
            await().atMost(WAIT).until(() -> publisher.acknowledged().size() >= STEADY_UPDATES);

            long cutAt = System.nanoTime();
            redis.cutSentinelsFromMaster();
            redis.awaitFailover(WAIT);
            long failedOverAt = System.nanoTime();
            // The hub's client asks the sentinels where the master is at most once a second: what it
            // published just after the failover may still have gone to the old master.
            await("updates acknowledged after the failover").atMost(WAIT)
                    .until(() -> publisher.acknowledgedAfter(failedOverAt).size() >= 2 * STEADY_UPDATES);
            publisher.close();

            List<String> held = heldByNewMaster(publisher.acknowledgedAfter(failedOverAt));
            assertThat(held).as("updates published after the failover that the new master holds").hasSizeGreaterThan(
                    STEADY_UPDATES);
            String last = held.get(held.size() - 1);
            long waitedFrom = System.nanoTime();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> received(subscriber).contains(last));
            } catch (ConditionTimeoutException e) {
                // Asserted below, with the figures.
            }
            List<String> acknowledged = publisher.acknowledged().stream().map(Publish::id).toList();
            List<String> splitBrain = acknowledged.stream().filter(id -> !isHeldByNewMaster(id)).toList();
            System.out.printf("%n=== SentinelPartitionIT ===%nsentinels cut off the master; they agreed on the new "
                    + "master %d ms later; %d updates acknowledged, %d of them only by the old master (split brain: %s);"
                    + " the subscriber had the last one %d ms after it was acknowledged, received %d%n%n",
                    millis(failedOverAt - cutAt), acknowledged.size(), splitBrain.size(), splitBrain,
                    millis(System.nanoTime() - waitedFrom), received(subscriber).size());

            assertThat(redis.cli(redis.masterAddressPort(), "ROLE").lines().findFirst())
                    .as("the old master, still reachable from the hub, is a master of its own").contains("master");
            assertThat(received(subscriber)).as("what the subscriber received: every update the new master holds, "
                    + "in order").containsSubsequence(held);
        }
    }

    private boolean isHeldByNewMaster(String id) {
        return redis.cli(redis.replicaPort(), "HGET", "{" + KEY_PREFIX + "}:ids", id).strip().matches("\\d+-\\d+");
    }

    private List<String> heldByNewMaster(List<Publish> publishes) {
        return publishes.stream().map(Publish::id).filter(this::isHeldByNewMaster).toList();
    }

    private static List<String> received(ResumingSubscriber subscriber) {
        return subscriber.events().stream().map(ReceivedEvent::id).toList();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static URI subscribe() {
        return hub.baseUri().resolve("/.well-known/mercure?topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8));
    }
}
