package dev.ssehub.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * Plain tests of the fan-out logic: the broadcaster has no HTTP or container dependency, and a
 * fake clock makes heartbeat timing exact.
 */
class BroadcasterTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final AtomicLong now = new AtomicLong();
    private final Broadcaster broadcaster = new Broadcaster(8, HEARTBEAT, now::get);

    @AfterEach
    void close() {
        broadcaster.close();
    }

    @Test
    void everySubscriberReceivesEveryEventInOrderWithIncreasingIds() {
        AssertSubscriber<Frame> first = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<Frame> second = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));

        broadcaster.publish(null, "tick");
        broadcaster.publish("user_joined", "{\"user\":\"ada\"}");
        broadcaster.publish("message", "{}");

        assertThat(first.getItems()).isEqualTo(second.getItems());
        assertThat(first.getItems()).extracting(frame -> ((Event) frame).id()).containsExactly("1", "2", "3");
        assertThat(first.getItems()).extracting(frame -> ((Event) frame).type())
                .containsExactly(null, "user_joined", "message");
    }

    @Test
    void lateSubscriberSeesOnlyLaterEvents() {
        broadcaster.publish(null, "before");
        AssertSubscriber<Frame> late = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));
        broadcaster.publish(null, "after");

        assertThat(late.getItems()).extracting(frame -> ((Event) frame).data()).containsExactly("after");
    }

    @Test
    void concurrentPublishersGetDistinctIdsDeliveredInIncreasingOrder() throws Exception {
        Broadcaster big = new Broadcaster(10_000, HEARTBEAT, now::get);
        AssertSubscriber<Frame> subscriber = big.subscribe().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        int threads = 4;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    big.publish("n", "x");
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<Long> ids = new ArrayList<>();
        subscriber.getItems().forEach(frame -> ids.add(Long.parseLong(((Event) frame).id())));
        assertThat(ids).hasSize(threads * perThread).isSorted().doesNotHaveDuplicates();
        big.close();
    }

    @Test
    void cancellingReleasesTheSubscription() {
        AssertSubscriber<Frame> a = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<Frame> b = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));
        assertThat(broadcaster.subscriberCount()).isEqualTo(2);

        a.cancel();
        assertThat(broadcaster.subscriberCount()).isEqualTo(1);
        b.cancel();
        assertThat(broadcaster.subscriberCount()).isZero();

        broadcaster.publish(null, "nobody listens");
        assertThat(a.getItems()).isEmpty();
    }

    @Test
    void slowSubscriberIsCutOffWithoutHoldingBackOthers() {
        AssertSubscriber<Frame> stalled = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<Frame> fast = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));

        for (int i = 0; i < 8; i++) {
            broadcaster.publish(null, "e" + i);
        }
        stalled.assertNotTerminated();
        assertThat(broadcaster.slowConsumerDisconnects()).isZero();

        broadcaster.publish(null, "one too many");
        broadcaster.publish(null, "after the cut");

        stalled.assertCompleted();
        assertThat(broadcaster.slowConsumerDisconnects()).isEqualTo(1);
        assertThat(broadcaster.subscriberCount()).isEqualTo(1);
        assertThat(fast.getItems()).hasSize(10);
        fast.assertNotTerminated();
    }

    @Test
    void heartbeatOnlyAfterTheConfiguredSilence() {
        AssertSubscriber<Frame> subscriber = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));

        now.addAndGet(HEARTBEAT.minusMillis(1).toNanos());
        broadcaster.offerHeartbeat();
        assertThat(subscriber.getItems()).isEmpty();

        now.addAndGet(Duration.ofMillis(1).toNanos());
        broadcaster.offerHeartbeat();
        assertThat(subscriber.getItems()).containsExactly(Comment.KEEP_ALIVE);

        // The heartbeat itself counts as a write: the next one waits a full period again.
        now.addAndGet(HEARTBEAT.dividedBy(2).toNanos());
        broadcaster.offerHeartbeat();
        assertThat(subscriber.getItems()).hasSize(1);
    }

    @Test
    void everyEventResetsTheHeartbeatTimer() {
        AssertSubscriber<Frame> subscriber = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));

        now.addAndGet(HEARTBEAT.minusSeconds(1).toNanos());
        broadcaster.publish(null, "keeps it busy");
        now.addAndGet(HEARTBEAT.minusSeconds(1).toNanos());
        broadcaster.offerHeartbeat();

        assertThat(subscriber.getItems()).hasSize(1).allMatch(frame -> frame instanceof Event);
    }

    @Test
    void invalidTypeIsRejectedWithoutUsingAnId() {
        AssertSubscriber<Frame> subscriber = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));

        assertThatThrownBy(() -> broadcaster.publish("bad\ntype", "x")).isInstanceOf(IllegalArgumentException.class);
        Event next = broadcaster.publish("good", "x");

        assertThat(next.id()).isEqualTo("1");
        assertThat(subscriber.getItems()).containsExactly(next);
    }

    @Test
    void closingCompletesOpenSubscriptions() {
        AssertSubscriber<Frame> subscriber = broadcaster.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));
        broadcaster.close();
        subscriber.assertCompleted();
        assertThat(broadcaster.subscriberCount()).isZero();
    }
}
