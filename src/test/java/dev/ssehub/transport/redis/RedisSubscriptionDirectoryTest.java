package dev.ssehub.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.support.RedisServer;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The subscriptions of several replicas listed from Redis, against a real {@code redis-server}:
 * what one replica starts every replica lists, what ends leaves, and the subscriptions of a replica
 * that stops renewing its lease leave the list, while those of a replica Redis forgot come back, in
 * chunks that a slow connection cannot turn into a rewrite that never ends. Plain JUnit, with a
 * lease of a few hundred milliseconds.
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
        return replica(prefix, client(), Duration.ofSeconds(2));
    }

    private Redis client() {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
        clients.add(client);
        return client;
    }

    private RedisSubscriptionDirectory replica(String prefix, Redis client, Duration timeout) {
        RedisSubscriptionDirectory directory = new RedisSubscriptionDirectory(client, prefix, JSON, timeout, RENEW);
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

    @Test
    void aReplicaWithTensOfThousandsOfSubscriptionsWritesThemAgainInChunksThatEnd() throws InterruptedException {
        // 10,000 subscriptions of ~300 bytes are 3 MB: 3 s over a connection carrying 1 MB/s, three
        // times the timeout. Written in one command, the rewrite times out, which calls for another.
        String prefix = "chunks-" + PREFIXES.incrementAndGet();
        Throttled connection = new Throttled(client(), 1_000);
        RedisSubscriptionDirectory directory = throttledReplica(prefix, connection);
        RedisSubscriptionDirectory observer = replica(prefix);
        startPadded(directory, 10_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> subscribers(observer).size() == 10_000);

        assertThat(server.command("FLUSHALL")).isEqualTo("+OK");
        await().atMost(Duration.ofSeconds(30)).until(() -> subscribers(observer).size() == 10_000);
        // Once written, renewals carry the lease only: count what 2 idle seconds send (a window, not a wait).
        long before = connection.sent.get();
        Thread.sleep(2_000);
        assertThat(connection.sent.get() - before).as("bytes sent by 10 renewals in 2 s").isLessThan(64 * 1024);
        assertThat(connection.largest.get()).as("bytes of the largest command")
                .isLessThan(2L * RedisSubscriptionDirectory.CHUNK_BYTES);
    }

    @Test
    void aRewriteNeverBringsBackASubscriptionThatEndedWhileItWasWritten() {
        String prefix = "rewrite-" + PREFIXES.incrementAndGet();
        // Slow enough that the rewrite of 3,000 subscriptions takes about a second, in 7 chunks.
        RedisSubscriptionDirectory directory = throttledReplica(prefix, new Throttled(client(), 1_000));
        RedisSubscriptionDirectory observer = replica(prefix);
        startPadded(directory, 3_000);
        await().atMost(WAIT).until(() -> subscribers(observer).size() == 3_000);

        assertThat(server.command("FLUSHALL")).isEqualTo("+OK");
        // The next renewal finds its lease gone, and ends changes while the chunks go.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> server.command("KEYS {" + prefix + "}:rewrite:*").equals("*1"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            if (i % 2 == 0) {
                directory.ended("/s/" + i);
            } else {
                expected.add(String.format("%05d", i));
            }
        }
        directory.started("/s/late", document("late"));
        expected.add("late");
        await().atMost(WAIT).until(() -> subscribers(observer).equals(expected));
        assertThat(server.command("KEYS {" + prefix + "}:rewrite:*")).as("the rewrite's own hash, gone").isEqualTo("*0");
    }

    /** A replica writing over {@code connection}, with a timeout of 1 s. */
    private RedisSubscriptionDirectory throttledReplica(String prefix, Throttled connection) {
        return replica(prefix, Redis.newInstance(connection), Duration.ofSeconds(1));
    }

    /** Starts {@code count} subscriptions {@code /s/0}, {@code /s/1}... of ~300 bytes, subscribers {@code 00000}, {@code 00001}... */
    private static void startPadded(RedisSubscriptionDirectory directory, int count) {
        String padding = "p".repeat(200);
        for (int i = 0; i < count; i++) {
            directory.started("/s/" + i, document(String.format("%05d", i)).put("payload", padding));
        }
    }

    /**
     * A client whose connection carries {@code bytesPerMilli}: each command or batch goes once its
     * size has had the time to pass. Counts the bytes it sent, and the largest command.
     */
    private static final class Throttled implements io.vertx.redis.client.Redis {

        final AtomicLong sent = new AtomicLong();
        final AtomicLong largest = new AtomicLong();
        private final io.vertx.redis.client.Redis client;
        private final long bytesPerMilli;

        Throttled(Redis client, long bytesPerMilli) {
            this.client = client.getDelegate();
            this.bytesPerMilli = bytesPerMilli;
        }

        @Override
        public Future<RedisConnection> connect() {
            return client.connect();
        }

        @Override
        public void close() {
            client.close();
        }

        @Override
        public Future<Response> send(Request request) {
            return after(List.of(request)).compose(passed -> client.send(request));
        }

        @Override
        public Future<List<Response>> batch(List<Request> requests) {
            return after(requests).compose(passed -> client.batch(requests));
        }

        private Future<Void> after(List<Request> requests) {
            long bytes = 0;
            for (Request request : requests) {
                // A request's text is what goes on the wire.
                long size = request.toString().length();
                largest.accumulateAndGet(size, Math::max);
                bytes += size;
            }
            sent.addAndGet(bytes);
            Promise<Void> passed = Promise.promise();
            vertx.getDelegate().setTimer(Math.max(1, bytes / bytesPerMilli), timer -> passed.complete());
            return passed.future();
        }
    }
}
