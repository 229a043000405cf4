package dev.ssehub.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.support.RedisServer;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * The subscriptions of several replicas listed from Redis, against a real {@code redis-server}:
 * what one replica starts every replica lists, what ends leaves, and the subscriptions of a replica
 * that stops renewing its lease leave the list, while those of a replica Redis forgot come back.
 * Plain JUnit, with a lease of a few hundred milliseconds.
 */
class RedisSubscriptionDirectoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration RENEW = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer server;
    private static Vertx vertx;

    private final List<Redis> clients = new ArrayList<>();
    private final List<RedisSubscriptionDirectory> directories = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        vertx.closeAndAwait();
        server.close();
    }

    @AfterEach
    void closeAll() {
        directories.forEach(RedisSubscriptionDirectory::close);
        clients.forEach(Redis::close);
    }

    private RedisSubscriptionDirectory replica(String prefix) {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
        clients.add(client);
        RedisSubscriptionDirectory directory = new RedisSubscriptionDirectory(client, prefix, JSON, Duration.ofSeconds(2), RENEW);
        directories.add(directory);
        return directory;
    }

    private static ObjectNode document(String subscriber) {
        return JSON.createObjectNode().put("type", "Subscription").put("subscriber", subscriber).put("topic", "/books/1");
    }

    private static List<String> subscribers(RedisSubscriptionDirectory directory) {
        return directory.list().await().atMost(WAIT).stream().map(document -> document.path("subscriber").asText()).sorted().toList();
    }

    @Test
    void everyReplicaListsTheSubscriptionsOfAll() {
        String prefix = "directory-" + PREFIXES.incrementAndGet();
        RedisSubscriptionDirectory a = replica(prefix);
        RedisSubscriptionDirectory b = replica(prefix);

        a.started("/s/1", document("one"));
        b.started("/s/2", document("two"));
        await().atMost(WAIT).until(() -> subscribers(a).equals(List.of("one", "two")));
        assertThat(subscribers(b)).containsExactly("one", "two");

        a.ended("/s/1");
        await().atMost(WAIT).until(() -> subscribers(b).equals(List.of("two")));
        assertThat(replica("other-" + PREFIXES.incrementAndGet()).list().await().atMost(WAIT)).as("another hub's").isEmpty();
    }

    @Test
    void theSubscriptionsOfAReplicaWhoseLeaseRanOutLeaveTheList() {
        String prefix = "lease-" + PREFIXES.incrementAndGet();
        RedisSubscriptionDirectory crashing = replica(prefix);
        RedisSubscriptionDirectory survivor = replica(prefix);
        crashing.started("/s/crashing", document("crashing"));
        survivor.started("/s/survivor", document("survivor"));
        await().atMost(WAIT).until(() -> subscribers(survivor).size() == 2);

        // A crash: its renewals stop, nothing is removed.
        clients.remove(0).close();
        await().atMost(WAIT).until(() -> subscribers(survivor).equals(List.of("survivor")));
        assertThat(server.command("ZCARD {" + prefix + "}:replicas")).as("its lease removed, not only ignored").isEqualTo(":1");
        await().atMost(WAIT).until(() -> server.command("KEYS {" + prefix + "}:subscriptions:*").equals("*1"));
    }

    @Test
    void aReplicaWritesItsSubscriptionsAgainWhenRedisForgotThem() {
        String prefix = "forgotten-" + PREFIXES.incrementAndGet();
        RedisSubscriptionDirectory directory = replica(prefix);
        directory.started("/s/1", document("one"));
        await().atMost(WAIT).until(() -> subscribers(directory).equals(List.of("one")));

        assertThat(server.command("FLUSHALL")).isEqualTo("+OK");
        await().atMost(WAIT).until(() -> subscribers(directory).equals(List.of("one")));
    }
}
