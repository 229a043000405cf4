package dev.ssehub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * What every {@link Transport} must do, whatever stores the updates. Each implementation runs this
 * class through a subclass that says how to create one.
 */
public abstract class TransportContractTest {

    protected static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Transport> created = new ArrayList<>();

    /** A new, empty transport keeping at most {@code capacity} updates, none older than {@code maxAge} (null: any age). */
    protected abstract Transport create(int capacity, Duration maxAge);

    /** Moves the transport's clock forward, for the max-age tests. */
    protected abstract void advanceClock(Duration by);

    protected Transport transport(int capacity) {
        return track(create(capacity, null));
    }

    protected Transport track(Transport transport) {
        created.add(transport);
        return transport;
    }

    @AfterEach
    void closeAll() {
        created.forEach(Transport::close);
    }

    protected static Update update(String id, String topic) {
        return new Update(id, List.of(topic), "data of " + id, null, null, false);
    }

    protected static Envelope dispatch(Transport transport, String id) {
        return transport.dispatch(update(id, "/books/1")).await().atMost(WAIT);
    }

    protected static List<String> ids(List<Envelope> envelopes) {
        return envelopes.stream().map(Envelope::id).toList();
    }

    @Test
    void dispatchAssignsIncreasingPositionsAndKeepsTheUpdate() {
        Transport transport = transport(10);
        Envelope first = dispatch(transport, "a");
        Envelope second = dispatch(transport, "b");

        assertThat(second.position().isAfter(first.position())).isTrue();
        assertThat(first.update()).isEqualTo(update("a", "/books/1"));
        assertThat(transport.isReady()).isTrue();
    }

    @Test
    void subscribersReceiveLaterUpdatesInOrder() {
        Transport transport = transport(10);
        dispatch(transport, "before");
        AssertSubscriber<Envelope> first = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));
        AssertSubscriber<Envelope> second = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));
        dispatch(transport, "x");
        dispatch(transport, "y");

        first.awaitItems(2, WAIT);
        second.awaitItems(2, WAIT);
        assertThat(ids(first.getItems())).containsExactly("x", "y");
        assertThat(ids(second.getItems())).containsExactly("x", "y");
    }

    @Test
    void aNewSubscriptionGetsWhatIsAcceptedAfterItNotBefore() {
        Transport transport = transport(10);
        dispatch(transport, "a");
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));
        dispatch(transport, "b");

        live.awaitItems(1, WAIT);
        assertThat(ids(live.getItems())).containsExactly("b");
    }

    @Test
    void historyAfterAnIdHoldsWhatFollowsIt() {
        Transport transport = transport(10);
        dispatch(transport, "a");
        dispatch(transport, "b");
        Envelope c = dispatch(transport, "c");

        History history = transport.history("a").await().atMost(WAIT);
        assertThat(history.found()).isTrue();
        assertThat(ids(history.updates())).containsExactly("b", "c");
        assertThat(history.head()).isEqualTo(c.position());

        History latest = transport.history("c").await().atMost(WAIT);
        assertThat(latest.found()).isTrue();
        assertThat(latest.updates()).isEmpty();
    }

    @Test
    void earliestMeansEverythingRetained() {
        Transport transport = transport(10);
        dispatch(transport, "a");
        dispatch(transport, "b");

        History history = transport.history(Transport.EARLIEST).await().atMost(WAIT);
        assertThat(history.found()).isTrue();
        assertThat(ids(history.updates())).containsExactly("a", "b");
    }

    @Test
    void anUnknownIdIsNotFoundAndEverythingRetainedComesBack() {
        Transport transport = transport(10);
        dispatch(transport, "a");

        History history = transport.history("never-published").await().atMost(WAIT);
        assertThat(history.found()).isFalse();
        assertThat(ids(history.updates())).containsExactly("a");
    }

    @Test
    void anEmptyHistoryHasNoHead() {
        History history = transport(10).history("x").await().atMost(WAIT);
        assertThat(history.found()).isFalse();
        assertThat(history.updates()).isEmpty();
        assertThat(history.head()).isNull();
    }

    @Test
    void theOldestUpdatesLeaveWhenTheHistoryIsFull() {
        Transport transport = transport(3);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            dispatch(transport, id);
        }

        History all = transport.history(Transport.EARLIEST).await().atMost(WAIT);
        assertThat(ids(all.updates())).containsExactly("c", "d", "e");
        assertThat(transport.history("b").await().atMost(WAIT).found()).as("evicted id").isFalse();
        assertThat(ids(transport.history("c").await().atMost(WAIT).updates())).containsExactly("d", "e");
    }

    @Test
    void aHistoryOfSizeZeroKeepsNothingButStillDelivers() {
        Transport transport = transport(0);
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));
        dispatch(transport, "a");

        live.awaitItems(1, WAIT);
        History history = transport.history(Transport.EARLIEST).await().atMost(WAIT);
        assertThat(history.updates()).isEmpty();
        assertThat(history.head()).isNotNull();
    }

    @Test
    void updatesOlderThanTheMaxAgeLeaveTheHistory() {
        Transport transport = track(create(10, Duration.ofMinutes(1)));
        dispatch(transport, "old");
        advanceClock(Duration.ofSeconds(90));
        dispatch(transport, "new");

        History history = transport.history(Transport.EARLIEST).await().atMost(WAIT);
        assertThat(ids(history.updates())).containsExactly("new");
        assertThat(transport.history("old").await().atMost(WAIT).found()).isFalse();
    }

    /** Draft-08: a reused id resolves to its earliest copy, and what follows it includes the later copies. */
    @Test
    void theEarliestOfUpdatesSharingAnIdIsTheOneFound() {
        Transport transport = transport(10);
        dispatch(transport, "same");
        dispatch(transport, "x");
        dispatch(transport, "same");
        dispatch(transport, "y");

        assertThat(ids(transport.history("same").await().atMost(WAIT).updates())).containsExactly("x", "same", "y");
    }

    @Test
    void whenTheEarliestCopyOfAReusedIdLeavesTheNextOneIsFound() {
        Transport transport = transport(3);
        for (String id : List.of("same", "a", "same", "b", "same")) {
            dispatch(transport, id);
        }

        // Retained: same (3rd), b, same (5th): the id now resolves to the 3rd.
        assertThat(ids(transport.history("same").await().atMost(WAIT).updates())).containsExactly("b", "same");
        dispatch(transport, "c");
        dispatch(transport, "d");
        // Retained: same (5th), c, d.
        assertThat(ids(transport.history("same").await().atMost(WAIT).updates())).containsExactly("c", "d");
        dispatch(transport, "e");
        assertThat(transport.history("same").await().atMost(WAIT).found()).as("every copy left").isFalse();
    }

    @Test
    void concurrentDispatchesReachEverySubscriberInOneOrder() throws InterruptedException {
        Transport transport = transport(10_000);
        AssertSubscriber<Envelope> first = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<Envelope> second = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        int threads = 4;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    dispatch(transport, thread + "-" + i);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        first.awaitItems(threads * each, WAIT);
        second.awaitItems(threads * each, WAIT);
        assertThat(ids(first.getItems())).isEqualTo(ids(second.getItems())).doesNotHaveDuplicates();
        assertThat(ids(transport.history(Transport.EARLIEST).await().atMost(WAIT).updates()))
                .isEqualTo(ids(first.getItems()));
        for (int i = 1; i < first.getItems().size(); i++) {
            assertThat(first.getItems().get(i).position().isAfter(first.getItems().get(i - 1).position())).isTrue();
        }
    }

    @Test
    void closingCompletesSubscriptionsAndRefusesUpdates() {
        Transport transport = transport(10);
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));
        transport.close();

        live.awaitCompletion(WAIT);
        assertThat(transport.isReady()).isFalse();
        assertThat(transport.dispatch(update("late", "/t")).subscribe().withSubscriber(
                io.smallrye.mutiny.helpers.test.UniAssertSubscriber.create()).awaitFailure(WAIT).getFailure())
                .isInstanceOf(TransportUnavailableException.class);
    }
}
