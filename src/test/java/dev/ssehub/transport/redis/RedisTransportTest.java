package dev.ssehub.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Transport;
import dev.ssehub.hub.TransportContractTest;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.support.RedisServer;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * The transport contract against a real {@code redis-server}, plus what only a shared, remote
 * store brings: replicas that see each other's updates, a reader that resumes where it stopped,
 * an outage, and an index that expires with the history. Plain JUnit: a Vert.x client is all the
 * transport needs.
 */
class RedisTransportTest extends TransportContractTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer server;
    private static Vertx vertx;
    private static final List<Redis> CLIENTS = new ArrayList<>();

    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        CLIENTS.forEach(Redis::close);
        vertx.closeAndAwait();
        server.close();
    }

    @Override
    protected Transport create(int capacity, Duration maxAge) {
        return replica("contract-" + PREFIXES.incrementAndGet(), capacity, maxAge);
    }

    @Override
    protected void advanceClock(Duration by) {
        clock.addAndGet(by.toMillis());
    }

    /** A transport with its own client (its own connections), as a replica would have; closed after the test. */
    private RedisTransport replica(String prefix, int capacity, Duration maxAge) {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()).setMaxPoolSize(4));
        CLIENTS.add(client);
        return new RedisTransport(client, new RedisTransport.Settings(prefix, capacity, maxAge, Duration.ofSeconds(2)),
                clock::get);
    }

    private RedisTransport tracked(String prefix) {
        return (RedisTransport) track(replica(prefix, 1000, null));
    }

    @Test
    void replicasOnOneStreamSeeEachOthersUpdatesAndHistory() {
        String prefix = "replicas-" + PREFIXES.incrementAndGet();
        RedisTransport a = (RedisTransport) track(replica(prefix, 100, null));
        RedisTransport b = (RedisTransport) track(replica(prefix, 100, null));
        AssertSubscriber<Envelope> onB = b.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));

        dispatch(a, "from-a-1");
        dispatch(b, "from-b");
        dispatch(a, "from-a-2");

        onB.awaitItems(3, WAIT);
        assertThat(ids(onB.getItems())).containsExactly("from-a-1", "from-b", "from-a-2");
        assertThat(ids(b.history("from-a-1").await().atMost(WAIT).updates())).containsExactly("from-b", "from-a-2");
    }

    @Test
    void replicasPublishingAtOnceDeliverOneOrderEverywhere() throws InterruptedException {
        String prefix = "order-" + PREFIXES.incrementAndGet();
        List<RedisTransport> replicas = List.of(tracked(prefix), tracked(prefix), tracked(prefix));
        List<AssertSubscriber<Envelope>> subscribers = replicas.stream()
                .map(replica -> replica.subscribe().subscribe().withSubscriber(AssertSubscriber.<Envelope>create(Long.MAX_VALUE)))
                .toList();
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(replicas.size());
        for (int r = 0; r < replicas.size(); r++) {
            RedisTransport replica = replicas.get(r);
            String name = "replica" + r;
            pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    dispatch(replica, name + "-" + i);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        int total = replicas.size() * each;
        subscribers.forEach(subscriber -> subscriber.awaitItems(total, WAIT));
        List<String> order = ids(subscribers.get(0).getItems());
        assertThat(order).doesNotHaveDuplicates().hasSize(total);
        subscribers.forEach(subscriber -> assertThat(ids(subscriber.getItems())).isEqualTo(order));
    }

    @Test
    void hubsWithDifferentPrefixesDoNotMeet() {
        RedisTransport one = (RedisTransport) track(replica("hub-one-" + PREFIXES.incrementAndGet(), 100, null));
        RedisTransport other = (RedisTransport) track(replica("hub-other-" + PREFIXES.incrementAndGet(), 100, null));
        AssertSubscriber<Envelope> onOther = other.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));

        dispatch(one, "only-one");
        dispatch(other, "only-other");

        onOther.awaitItems(1, WAIT);
        assertThat(ids(onOther.getItems())).containsExactly("only-other");
        assertThat(other.history("only-one").await().atMost(WAIT).found()).isFalse();
    }

    @Test
    void aRedisThatRefusesInfoIsReadAllTheSame() {
        // The reader asks INFO to notice that the master moved; where an ACL refuses it, it reads unchecked.
        assertThat(server.command("ACL SETUSER no-info on >no-info-secret ~* &* +@all -info")).isEqualTo("+OK");
        Redis client = Redis.createClient(vertx, new RedisOptions().setMaxPoolSize(4)
                .setConnectionString(server.uri().replace("redis://", "redis://no-info:no-info-secret@")));
        CLIENTS.add(client);
        RedisTransport transport = (RedisTransport) track(new RedisTransport(client, new RedisTransport.Settings(
                "no-info-" + PREFIXES.incrementAndGet(), 100, null, Duration.ofSeconds(2)), clock::get));
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));

        assertThat(transport.isReady()).isTrue();
        dispatch(transport, "without-info");
        live.awaitItems(1, WAIT);
        assertThat(ids(live.getItems())).containsExactly("without-info");
    }

    @Test
    void aReaderWhoseConnectionDropsResumesAfterTheLastEntryItRead() {
        String prefix = "resume-" + PREFIXES.incrementAndGet();
        RedisTransport a = (RedisTransport) track(replica(prefix, 100, null));
        RedisTransport b = (RedisTransport) track(replica(prefix, 100, null));
        AssertSubscriber<Envelope> onB = b.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));
        dispatch(a, "before");
        onB.awaitItems(1, WAIT);

        // Every client connection drops; the readers reconnect after a delay of at least 100 ms, while
        // the publisher's next command opens a new connection at once.
        server.command("CLIENT KILL TYPE normal");
        for (int i = 0; i < 5; i++) {
            publishRetrying(a, "during-" + i);
        }

        onB.awaitItems(6, WAIT);
        assertThat(ids(onB.getItems())).containsExactly("before", "during-0", "during-1", "during-2", "during-3", "during-4");
    }

    /** Publishes as a client that gets 503 would: again, with the same id, until it is accepted. */
    private static void publishRetrying(Transport transport, String id) {
        await().atMost(WAIT).ignoreException(TransportUnavailableException.class)
                .until(() -> dispatch(transport, id) != null);
    }

    @Test
    void anOutageRefusesUpdatesClearlyAndDeliveryResumesWhenRedisIsBack() {
        RedisTransport transport = (RedisTransport) track(replica("outage-" + PREFIXES.incrementAndGet(), 100, null));
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));
        dispatch(transport, "before");
        assertThat(transport.isReady()).isTrue();

        server.stop();
        Throwable refused = transport.dispatch(update("during", "/books/1")).subscribe()
                .withSubscriber(UniAssertSubscriber.create()).awaitFailure(WAIT).getFailure();
        // "unreachable, not published", or "may have been stored" if the command
        // was on its way when the connection closed.
        assertThat(refused).isInstanceOf(TransportUnavailableException.class).hasMessageStartingWith("Redis ");
        await().atMost(WAIT).until(() -> !transport.isReady());
        assertThat(live.hasCompleted()).as("the stream outlives the outage").isFalse();

        server.launch();
        await().atMost(WAIT).until(transport::isReady);
        dispatch(transport, "after");

        live.awaitItems(2, WAIT);
        assertThat(ids(live.getItems())).containsExactly("before", "after");
        assertThat(live.getFailure()).isNull();
    }

    @Test
    void theIdIndexExpiresWithTheHistory() {
        String prefix = "index-" + PREFIXES.incrementAndGet();
        RedisTransport transport = (RedisTransport) track(replica(prefix, 10, null));
        int published = RedisTransport.DELIVERY_WINDOW + 400;
        for (int i = 0; i < published; i++) {
            dispatch(transport, "u" + i);
        }

        long streamLength = Long.parseLong(server.command("XLEN {" + prefix + "}:updates").substring(1));
        long indexed = Long.parseLong(server.command("HLEN {" + prefix + "}:ids").substring(1));
        long logged = Long.parseLong(server.command("LLEN {" + prefix + "}:id-log").substring(1));
        assertThat(streamLength).as("the stream is trimmed").isLessThan(published).isGreaterThanOrEqualTo(RedisTransport.DELIVERY_WINDOW);
        assertThat(indexed).as("one index entry per retained entry").isEqualTo(streamLength);
        assertThat(logged).isEqualTo(streamLength);
        assertThat(transport.history("u0").await().atMost(WAIT).found()).isFalse();
        assertThat(ids(transport.history("u" + (published - 2)).await().atMost(WAIT).updates())).containsExactly("u" + (published - 1));
    }

    @Test
    void entriesThisHubDidNotWriteAreSkipped() {
        String prefix = "foreign-" + PREFIXES.incrementAndGet();
        RedisTransport transport = (RedisTransport) track(replica(prefix, 100, null));
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));

        assertThat(server.command("XADD {" + prefix + "}:updates * something else")).startsWith("$");
        assertThat(server.command("XADD {" + prefix + "}:updates * id x at 1 update not-json")).startsWith("$");
        dispatch(transport, "ours");

        live.awaitItems(1, WAIT);
        assertThat(ids(live.getItems())).containsExactly("ours");
        assertThat(ids(transport.history(Transport.EARLIEST).await().atMost(WAIT).updates())).containsExactly("ours");
    }
}
