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

    /** Dispatches an update with {@code id} and {@code data}: the same id with other data is another update. */
    protected static Envelope dispatch(Transport transport, String id, String data) {
        return transport.dispatch(new Update(id, List.of("/books/1"), data, null, null, false)).await().atMost(WAIT);
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
        dispatch(transport, "same", "first");
        dispatch(transport, "x");
        dispatch(transport, "same", "second");
        dispatch(transport, "y");

        assertThat(ids(transport.history("same").await().atMost(WAIT).updates())).containsExactly("x", "same", "y");
    }

    @Test
    void whenTheEarliestCopyOfAReusedIdLeavesTheNextOneIsFound() {
        Transport transport = transport(3);
        List<String> ids = List.of("same", "a", "same", "b", "same");
        for (int i = 0; i < ids.size(); i++) {
            dispatch(transport, ids.get(i), "copy " + i);
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

    /** A publisher's retry after a failure that may have stored the update: acknowledged once, delivered once. */
    @Test
    void anIdenticalUpdateWithARetainedIdIsAcknowledgedWithTheRetainedOneAndNotStoredAgain() {
        Transport transport = transport(10);
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));
        Update update = new Update("retried", List.of("/books/1", "/authors/2"), "data", "changed", Duration.ofMillis(1500),
                true);
        Envelope first = transport.dispatch(update).await().atMost(WAIT);
        // Equal, not the same instance: as a retry arrives, read from a new request.
        Envelope again = transport.dispatch(new Update("retried", List.of("/books/1", "/authors/2"), "data", "changed",
                Duration.ofSeconds(1).plusMillis(500), true)).await().atMost(WAIT);
        dispatch(transport, "after");

        assertThat(again.position()).isEqualTo(first.position());
        assertThat(again.update()).isEqualTo(update);
        live.awaitItems(2, WAIT);
        assertThat(ids(live.getItems())).containsExactly("retried", "after");
        assertThat(ids(transport.history(Transport.EARLIEST).await().atMost(WAIT).updates()))
                .containsExactly("retried", "after");
    }

    /** Draft-08: an id reused for other content is another update, stored and delivered. */
    @Test
    void anUpdateThatReusesAnIdWithOtherContentIsStoredAndDelivered() {
        Transport transport = transport(10);
        AssertSubscriber<Envelope> live = transport.subscribe().subscribe().withSubscriber(AssertSubscriber.create(100));
        Update update = update("reused", "/books/1");
        Envelope first = transport.dispatch(update).await().atMost(WAIT);
        List<Update> variants = List.of(
                new Update("reused", update.topics(), "other data", null, null, false),
                new Update("reused", List.of("/books/2"), update.data(), null, null, false),
                new Update("reused", List.of("/books/1", "/books/2"), update.data(), null, null, false),
                new Update("reused", update.topics(), update.data(), "typed", null, false),
                new Update("reused", update.topics(), update.data(), null, Duration.ofSeconds(3), false),
                new Update("reused", update.topics(), update.data(), null, null, true));
        Envelope previous = first;
        for (Update variant : variants) {
            Envelope stored = transport.dispatch(variant).await().atMost(WAIT);
            assertThat(stored.position().isAfter(previous.position())).as(variant.toString()).isTrue();
            previous = stored;
        }

        live.awaitItems(1 + variants.size(), WAIT);
        assertThat(live.getItems()).extracting(Envelope::update).containsExactly(update, variants.get(0), variants.get(1),
                variants.get(2), variants.get(3), variants.get(4), variants.get(5));
        assertThat(transport.history("reused").await().atMost(WAIT).updates()).extracting(Envelope::update)
                .as("resolved to the earliest copy").containsExactlyElementsOf(variants);
    }

    /** The retry of a later copy of a reused id is recognised too: the latest copy is the one compared. */
    @Test
    void aRetryOfTheLatestCopyOfAReusedIdIsNotStoredAgainButTheEarlierContentIs() {
        Transport transport = transport(10);
        Envelope first = dispatch(transport, "same", "first");
        dispatch(transport, "between");
        Envelope second = dispatch(transport, "same", "second");

        assertThat(dispatch(transport, "same", "second").position()).isEqualTo(second.position());
        Envelope firstAgain = dispatch(transport, "same", "first");
        assertThat(firstAgain.position()).as("not the latest copy: another update").isNotEqualTo(first.position());
        assertThat(firstAgain.position().isAfter(second.position())).isTrue();
        assertThat(transport.history(Transport.EARLIEST).await().atMost(WAIT).updates()).extracting(Envelope::update)
                .extracting(Update::data).containsExactly("first", "data of between", "second", "first");
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
