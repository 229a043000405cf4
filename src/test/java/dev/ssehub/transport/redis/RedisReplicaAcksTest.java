package dev.ssehub.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Position;
import dev.ssehub.hub.Transport;
import dev.ssehub.hub.TransportUnavailableException;
import dev.ssehub.hub.Update;
import dev.ssehub.support.RedisServer;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * {@code hub.redis.min-replicas} against a real master and a real replica (two {@code redis-server}s):
 * an update is confirmed once the replica holds it; with the replica frozen it is refused in a way
 * that says to publish it again, and that retry, once the replica is back, is stored and delivered
 * once. Plain JUnit on the transport: what HTTP makes of it is {@code RedisDurabilityIT}'s.
 */
class RedisReplicaAcksTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    // Far apart, so that a refusal that came from the command timeout could not pass for one of the replicas.
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(300);
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static RedisServer master;
    private static RedisServer replica;
    private static Vertx vertx;

    private final List<Transport> transports = new ArrayList<>();
    private final List<Redis> clients = new ArrayList<>();
    private boolean paused;

    @BeforeAll
    static void startMasterAndReplica() {
        master = RedisServer.start();
        replica = RedisServer.startReplicaOf(master);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        vertx.closeAndAwait();
        replica.close();
        master.close();
    }

    @AfterEach
    void closeTransportsAndResumeTheReplica() {
        transports.forEach(Transport::close);
        // Each transport had a client of its own: a closing reader's blocking read holds its connection a while.
        clients.forEach(Redis::close);
        if (paused) {
            resumeReplica();
        }
    }

    @Test
    void anUpdateIsConfirmedOnceTheReplicaHoldsIt() {
        String prefix = prefix();
        RedisTransport transport = transport(prefix, 1);

        Envelope stored = dispatch(transport, update("held", "data"));

        // No waiting: that the replica has it is what the confirmation means.
        assertThat(replica.bulk("HGET {" + prefix + "}:ids held")).isEqualTo(entryId(stored.position()));
    }

    @Test
    void aFrozenReplicaRefusesTheUpdateAndItsRetryOnceBackIsStoredAndDeliveredOnce() {
        String prefix = prefix();
        RedisTransport transport = transport(prefix, 1);
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));
        dispatch(transport, update("before", "data"));
        Update update = update("retried", "data of the retried update");

        pauseReplica();
        Throwable refused = refusal(transport, update);
        assertThat(refused).isInstanceOf(TransportUnavailableException.class)
                .hasMessageContaining("Redis did not confirm update retried on enough replicas")
                .hasMessageContaining("only 0 of the 1 required acknowledged it")
                .hasMessageContaining("it may have been stored: publish it again with the same id (id=retried)");
        // Retried through another replica of the hub (as a load balancer may send it), whose connections
        // wrote nothing yet: the copy the first attempt left on the master is on no Redis replica still.
        RedisTransport other = transport(prefix, 1);
        assertThat(refusal(other, update)).hasMessageContaining("only 0 of the 1 required");
        resumeReplica();

        Envelope retried = dispatch(other, update);
        dispatch(transport, update("after", "data"));

        live.awaitItems(3, WAIT);
        assertThat(ids(live.getItems())).as("the first attempt was delivered; the retries were not")
                .containsExactly("before", "retried", "after");
        assertThat(retried.position()).as("acknowledged with the stored copy").isEqualTo(live.getItems().get(1).position());
        assertThat(replica.bulk("HGET {" + prefix + "}:ids retried")).isEqualTo(entryId(retried.position()));
        assertThat(ids(transport.history("before").await().atMost(WAIT).updates())).containsExactly("retried", "after");
        assertThat(replica.command("XLEN {" + prefix + "}:updates")).isEqualTo(":3");
    }

    @Test
    void anIdReusedForOtherContentIsStoredDeliveredAndReplicated() {
        String prefix = prefix();
        RedisTransport transport = transport(prefix, 1);
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));

        Envelope first = dispatch(transport, update("reused", "first"));
        Envelope second = dispatch(transport, update("reused", "second"));

        assertThat(second.position().isAfter(first.position())).isTrue();
        live.awaitItems(2, WAIT);
        assertThat(live.getItems()).extracting(envelope -> envelope.update().data()).containsExactly("first", "second");
        assertThat(replica.command("XLEN {" + prefix + "}:updates")).isEqualTo(":2");
        assertThat(replica.bulk("HGET {" + prefix + "}:ids reused")).as("the earliest copy").isEqualTo(entryId(first.position()));
    }

    @Test
    void moreReplicasRequiredThanThereAreRefusesEveryUpdate() {
        RedisTransport transport = transport(prefix(), 2);

        assertThat(refusal(transport, update("too-few", "data"))).hasMessageContaining("only 1 of the 2 required");
    }

    @Test
    void withoutRequiredReplicasAFrozenReplicaChangesNothing() {
        RedisTransport transport = transport(prefix(), 0);

        pauseReplica();
        Envelope stored = dispatch(transport, update("unwaited", "data"));

        assertThat(stored.id()).isEqualTo("unwaited");
        assertThat(transport.isReady()).isTrue();
    }

    @Test
    void aFrozenReplicaLeavesTheTransportReady() {
        RedisTransport transport = transport(prefix(), 1);

        pauseReplica();
        refusal(transport, update("while-frozen", "data"));

        assertThat(transport.isReady()).as("the master serves; only publishers hear of the replicas").isTrue();
    }

    private RedisTransport transport(String prefix, int minReplicas) {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(master.uri()).setMaxPoolSize(4));
        clients.add(client);
        RedisTransport transport = new RedisTransport(client, new RedisTransport.Settings(prefix, 100, null, TIMEOUT,
                minReplicas, ACK_TIMEOUT), System::currentTimeMillis);
        transports.add(transport);
        return transport;
    }

    private void pauseReplica() {
        replica.pause();
        paused = true;
    }

    private void resumeReplica() {
        replica.resume();
        paused = false;
    }

    private static String prefix() {
        return "acks-" + PREFIXES.incrementAndGet();
    }

    private static Update update(String id, String data) {
        return new Update(id, List.of("https://example.com/books/1"), data, null, null, false);
    }

    private static Envelope dispatch(Transport transport, Update update) {
        return transport.dispatch(update).await().atMost(WAIT);
    }

    private static Throwable refusal(Transport transport, Update update) {
        return transport.dispatch(update).subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(WAIT).getFailure();
    }

    private static String entryId(Position position) {
        return position.major() + "-" + position.minor();
    }

    private static List<String> ids(List<Envelope> envelopes) {
        return envelopes.stream().map(Envelope::id).toList();
    }
}
