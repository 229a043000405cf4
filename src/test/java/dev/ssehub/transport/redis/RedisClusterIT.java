package dev.ssehub.transport.redis;

import static dev.ssehub.transport.redis.Replicas.WAIT;
import static dev.ssehub.transport.redis.Replicas.assertAClientResumesOnTheOtherReplica;
import static dev.ssehub.transport.redis.Replicas.get;
import static dev.ssehub.transport.redis.Replicas.publishRetrying;
import static dev.ssehub.transport.redis.Replicas.publisher;
import static dev.ssehub.transport.redis.Replicas.status;
import static dev.ssehub.transport.redis.Replicas.subscribe;
import static dev.ssehub.transport.redis.Replicas.subscribers;
import static dev.ssehub.transport.redis.Replicas.subscriptionsToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.hub.SubscriptionEvents;
import dev.ssehub.support.AppProcess;
import dev.ssehub.support.Cleanup;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.RedisCluster;
import dev.ssehub.support.SseTestClient;

/**
 * Two replicas of the packaged application on a Redis Cluster of three masters
 * ({@code quarkus.redis.client-type=cluster}) act as one hub, as on one Redis: updates cross from one
 * replica to the other in order, a client resumes on the other replica, and the subscriptions API
 * and subscription events cover both. Every key of a hub shares its prefix's hash tag, so the hub
 * lives on the one master that owns that slot, and hubs with different prefixes can live on
 * different masters.
 */
class RedisClusterIT {

    private static final String PREFIX = "sse-hub";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RedisCluster cluster;
    private static AppProcess a;
    private static AppProcess b;

    @BeforeAll
    static void startReplicas() {
        cluster = RedisCluster.start();
        a = AppProcess.start("RedisClusterIT-a", arguments(PREFIX));
        b = AppProcess.start("RedisClusterIT-b", arguments(PREFIX));
    }

    @AfterAll
    static void stopReplicas() {
        Cleanup.closeAll(a, b, cluster);
    }

    private static String[] arguments(String keyPrefix) {
        return new String[] {"-Dhub.transport=redis", "-Dquarkus.redis.hosts=" + cluster.hosts(),
            "-Dquarkus.redis.client-type=cluster", "-Dhub.redis.key-prefix=" + keyPrefix, "-Dhub.heartbeat=1s",
            "-Dhub.redis.timeout=2s", "-Dhub.demo.tick=1h"};
    }

    @Test
    void updatesPublishedOnOneReplicaReachASubscriberOfTheOtherInOrder() {
        String topic = "https://example.com/cluster/order";
        try (SseTestClient onB = SseTestClient.open(subscribe(b, topic))) {
            List<ReceivedEvent> published = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                String data = "update " + i;
                published.add(new ReceivedEvent(publisher(a).publish("topic", topic, "data", data), "message", data, null));
            }

            List<ReceivedEvent> received = new ArrayList<>();
            while (received.size() < published.size()) {
                received.add(onB.next(WAIT));
            }
            assertThat(received).isEqualTo(published);
        }
    }

    @Test
    void aClientResumesOnTheOtherReplicaWithExactlyTheUpdatesItMissed() {
        assertAClientResumesOnTheOtherReplica(a, b, "https://example.com/cluster/resume");
    }

    @Test
    void subscriptionEventsAndTheSubscriptionsApiCoverBothReplicas() throws Exception {
        String topic = "https://example.com/cluster/listed";
        URI listed = URI.create(SubscriptionEvents.PATH + "/" + SubscriptionEvents.percentEncode(topic));
        String watched = SubscriptionEvents.PATH + "/{topic}/{subscriber}";
        try (SseTestClient watcher = SseTestClient.open(subscribe(b, watched), "Authorization", "Bearer " + subscriptionsToken())) {
            JsonNode connected;
            try (SseTestClient onA = SseTestClient.open(subscribe(a, topic));
                    SseTestClient onB = SseTestClient.open(subscribe(b, topic))) {
                connected = JSON.readTree(watcher.awaitEvent(event -> isAbout(event, topic), WAIT).data());
                JsonNode other = JSON.readTree(watcher.awaitEvent(event -> isAbout(event, topic), WAIT).data());
                assertThat(List.of(connected.path("active").asBoolean(), other.path("active").asBoolean()))
                        .containsExactly(true, true);

                await().atMost(WAIT).until(() -> subscribers(a, listed).size() == 2 && subscribers(b, listed).size() == 2);
                assertThat(subscribers(a, listed)).isEqualTo(subscribers(b, listed))
                        .contains(connected.path("subscriber").asText(), other.path("subscriber").asText());
            }
            List<JsonNode> ended = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ended.add(JSON.readTree(watcher.awaitEvent(event -> isAbout(event, topic), WAIT).data()));
            }
            assertThat(ended).allSatisfy(event -> assertThat(event.path("active").asBoolean()).isFalse());
        }
        await().atMost(WAIT).until(() -> subscribers(a, listed).isEmpty() && subscribers(b, listed).isEmpty());
    }

    @Test
    void bothReplicasStayReadyWithoutReconnectingTheirReaders() throws Exception {
        // The reader's master check compares run_ids; on a cluster, INFO goes to any node, so that
        // check must be off, or the reader "follows the master" every 2 s.
        await("both replicas ready for 6 s, their readers never moved").during(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> status(a, "/q/health/ready") == 200 && status(b, "/q/health/ready") == 200
                        && !logged(a, "The Redis master changed") && !logged(b, "The Redis master changed"));
        JsonNode ready = JSON.readTree(get(b, "/q/health/ready").body());
        assertThat(ready.path("status").asText()).isEqualTo("UP");
        for (AppProcess replica : List.of(a, b)) {
            assertThat(Files.readString(replica.log())).as(replica.log().toString())
                    .contains("Redis transport ready").doesNotContain("Redis is unreachable")
                    .doesNotContain("The Redis master changed");
        }
    }

    @Test
    void everyKeyOfTheHubLivesOnTheMasterOfItsHashTagsSlot() {
        String topic = "https://example.com/cluster/keys";
        try (SseTestClient onB = SseTestClient.open(subscribe(b, topic))) {
            String id = publisher(a).publish("topic", topic, "data", "stored");
            assertThat(onB.next(WAIT).id()).isEqualTo(id);
            int slot = cluster.keySlot("{" + PREFIX + "}:updates");
            int owner = cluster.ownerOf(slot);
            await().atMost(WAIT).until(() -> cluster.keysOn(owner).stream()
                    .anyMatch(key -> key.startsWith("{" + PREFIX + "}:subscriptions:")));

            Map<Integer, List<String>> hubKeys = hubKeysPerNode(PREFIX);
            assertThat(hubKeys.get(owner)).contains("{" + PREFIX + "}:updates", "{" + PREFIX + "}:ids",
                    "{" + PREFIX + "}:id-log", "{" + PREFIX + "}:replicas");
            assertThat(hubKeys.get(owner)).allSatisfy(key -> assertThat(cluster.keySlot(key)).isEqualTo(slot));
            hubKeys.remove(owner);
            assertThat(hubKeys).as("the hub's keys on the other masters").allSatisfy((port, keys) -> assertThat(keys)
                    .isEmpty());
        }
    }

    @Test
    void hubsWithDifferentKeyPrefixesCanLiveOnDifferentMasters() throws Exception {
        String first = "tenant-1";
        int firstOwner = cluster.ownerOf(cluster.keySlot("{" + first + "}:updates"));
        String second = null;
        for (int i = 2; second == null && i <= 100; i++) {
            String candidate = "tenant-" + i;
            if (cluster.ownerOf(cluster.keySlot("{" + candidate + "}:updates")) != firstOwner) {
                second = candidate;
            }
        }
        assertThat(second).as("a prefix whose slot another master owns than " + first + "'s").isNotNull();
        int secondOwner = cluster.ownerOf(cluster.keySlot("{" + second + "}:updates"));
        String topic = "https://example.com/cluster/tenant";
        try (AppProcess tenant1 = AppProcess.start("RedisClusterIT-" + first, arguments(first));
                AppProcess tenant2 = AppProcess.start("RedisClusterIT-" + second, arguments(second));
                SseTestClient of1 = SseTestClient.open(subscribe(tenant1, topic));
                SseTestClient of2 = SseTestClient.open(subscribe(tenant2, topic))) {
            String for2 = publisher(tenant2).publish("topic", topic, "data", "for " + second);
            String for1 = publisher(tenant1).publish("topic", topic, "data", "for " + first);
            assertThat(of1.next(WAIT).id()).as("one hub's updates stay out of the other's").isEqualTo(for1);
            assertThat(of2.next(WAIT).id()).isEqualTo(for2);

            Map<Integer, List<String>> firstKeys = hubKeysPerNode(first);
            Map<Integer, List<String>> secondKeys = hubKeysPerNode(second);
            assertThat(firstOwner).isNotEqualTo(secondOwner);
            assertThat(firstKeys.get(firstOwner)).contains("{" + first + "}:updates");
            assertThat(secondKeys.get(secondOwner)).contains("{" + second + "}:updates");
            firstKeys.remove(firstOwner);
            secondKeys.remove(secondOwner);
            assertThat(firstKeys).allSatisfy((port, keys) -> assertThat(keys).isEmpty());
            assertThat(secondKeys).allSatisfy((port, keys) -> assertThat(keys).isEmpty());
        }
    }

    @Test
    void replicasFollowTheirSlotWhenItMovesToAnotherMaster() throws Exception {
        // A hub of its own, so that the others never see their slot move.
        String prefix = "moving";
        String topic = "https://example.com/cluster/moving";
        try (AppProcess c = AppProcess.start("RedisClusterIT-moving-c", arguments(prefix));
                AppProcess d = AppProcess.start("RedisClusterIT-moving-d", arguments(prefix));
                SseTestClient onD = SseTestClient.open(subscribe(d, topic))) {
            String before = publisher(c).publish("topic", topic, "data", "before");
            assertThat(onD.next(WAIT).id()).isEqualTo(before);
            int slot = cluster.keySlot("{" + prefix + "}:updates");
            int from = cluster.ownerOf(slot);
            int to = cluster.ports().stream().filter(port -> port != from).findFirst().orElseThrow();

            cluster.moveSlot(slot, to);

            List<String> after = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                // The client may answer 503 until it learns where the slot went: published again, stored once.
                after.add(publishRetrying(i % 2 == 0 ? c : d, topic, "after-" + i));
            }
            List<String> received = new ArrayList<>();
            while (received.size() < after.size()) {
                received.add(onD.next(WAIT).id());
            }
            assertThat(received).as("read from the new master, in order, once each").isEqualTo(after);
            try (SseTestClient resumed = SseTestClient.open(subscribe(c, topic), "Last-Event-ID", before)) {
                List<String> replayed = new ArrayList<>();
                while (replayed.size() < after.size()) {
                    replayed.add(resumed.next(WAIT).id());
                }
                assertThat(replayed).isEqualTo(after);
            }
            await().atMost(WAIT).until(() -> status(c, "/q/health/ready") == 200 && status(d, "/q/health/ready") == 200);
            Map<Integer, List<String>> keys = hubKeysPerNode(prefix);
            assertThat(keys.get(to)).contains("{" + prefix + "}:updates");
            assertThat(keys.get(from)).isEmpty();
        }
    }

    @Test
    void aHubThatWouldWaitForRedisReplicasRefusesToStartOnACluster() {
        // WAIT has no key: the cluster client would send it to any node, not to the one that took the update.
        List<String> refused = new ArrayList<>(List.of(arguments(PREFIX)));
        refused.add("-Dhub.redis.min-replicas=1");
        assertThatThrownBy(() -> AppProcess.start("RedisClusterIT-min-replicas", refused.toArray(String[]::new)))
                .hasMessageContaining("The application did not start")
                .hasMessageContaining("hub.redis.min-replicas needs one Redis master (standalone or Sentinel), "
                        + "not quarkus.redis.client-type=cluster");
    }

    /** The keys of the hub with {@code keyPrefix}, per master port. */
    private static Map<Integer, List<String>> hubKeysPerNode(String keyPrefix) {
        Map<Integer, List<String>> keys = new TreeMap<>();
        for (int port : cluster.ports()) {
            keys.put(port, cluster.keysOn(port).stream().filter(key -> key.startsWith("{" + keyPrefix + "}:")).toList());
        }
        return keys;
    }

    private static boolean isAbout(ReceivedEvent event, String topic) {
        return event.data().contains("\"topic\":\"" + topic + "\"");
    }

    private static boolean logged(AppProcess replica, String text) throws IOException {
        return Files.readString(replica.log()).contains(text);
    }
}
