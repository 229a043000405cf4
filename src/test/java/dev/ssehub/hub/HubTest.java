package dev.ssehub.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.hub.sse.Comment;
import dev.ssehub.hub.sse.Frame;
import dev.ssehub.hub.sse.Notice;
import dev.ssehub.hub.sse.RetryHint;
import dev.ssehub.transport.memory.MemoryTransport;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The hub's fan-out, authorization of private updates, replay, heartbeats and slow-consumer
 * policy, on the in-memory transport. Plain JUnit: no HTTP is involved, and a fake clock makes
 * heartbeat timing exact.
 */
class HubTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong nanos = new AtomicLong();
    private final MemoryTransport transport = new MemoryTransport(10_000, null, System::currentTimeMillis);
    private Hub hub = hub(8, false);

    private Hub hub(int buffer, boolean subscriptionEvents) {
        Hub created = new Hub(transport, new Hub.Settings(buffer, HEARTBEAT, subscriptionEvents), JSON, nanos::get);
        created.start();
        return created;
    }

    @AfterEach
    void close() {
        hub.close();
        transport.close();
    }

    private RecordingSink subscribe(SubscribeRequest request) {
        RecordingSink sink = new RecordingSink();
        sink.attach(hub.subscribe(request, sink).await().atMost(WAIT).subscriber());
        return sink;
    }

    private RecordingSink subscribe(String... topics) {
        return subscribe(SubscribeRequest.anonymous(List.of(topics)));
    }

    private Envelope publish(String data, String... topics) {
        return hub.publish(new Update(null, List.of(topics), data, null, null, false)).await().atMost(WAIT);
    }

    private Envelope publishPrivate(String data, String... topics) {
        return hub.publish(new Update(null, List.of(topics), data, null, null, true)).await().atMost(WAIT);
    }

    private static SubscribeRequest authorized(List<String> topics, List<String> allowed) {
        return new SubscribeRequest(topics, null, allowed, null, null);
    }

    @Test
    void subscribersReceiveTheUpdatesOfTheirTopicsOnly() {
        RecordingSink one = subscribe("/books/1");
        RecordingSink two = subscribe("/books/2");
        publish("first", "/books/1");
        publish("second", "/books/2");
        publish("other", "/authors/1");

        assertThat(one.data()).containsExactly("first");
        assertThat(two.data()).containsExactly("second");
    }

    @Test
    void aSubscriberMatchingSeveralWaysReceivesAnUpdateOnce() {
        RecordingSink all = subscribe("/a", "/b", "*");
        RecordingSink alternate = subscribe("/b");
        publish("x", "/a", "/b");

        assertThat(all.data()).containsExactly("x");
        assertThat(alternate.data()).as("subscribed to an alternate topic").containsExactly("x");
    }

    @Test
    void theWildcardSelectsEveryPublicUpdate() {
        RecordingSink all = subscribe("*");
        publish("1", "/a");
        publish("2", "https://example.com/b");
        publishPrivate("secret", "/a");

        assertThat(all.data()).containsExactly("1", "2");
    }

    @Test
    void privateUpdatesReachOnlySubscribersAuthorizedForOneOfTheirTopics() {
        RecordingSink anonymous = subscribe("/orders/1");
        RecordingSink canonical = subscribe(authorized(List.of("/orders/1"), List.of("/orders/1")));
        RecordingSink alternate = subscribe(authorized(List.of("/orders/1"), List.of("/users/ada")));
        RecordingSink everything = subscribe(authorized(List.of("*"), List.of("*")));
        RecordingSink otherTopic = subscribe(authorized(List.of("/orders/1"), List.of("/orders/2")));

        publishPrivate("secret", "/orders/1", "/users/ada");
        publish("public", "/orders/1");

        assertThat(anonymous.data()).containsExactly("public");
        assertThat(canonical.data()).containsExactly("secret", "public");
        assertThat(alternate.data()).containsExactly("secret", "public");
        assertThat(everything.data()).containsExactly("secret", "public");
        assertThat(otherTopic.data()).containsExactly("public");
    }

    @Test
    void generatedIdsAreTimeOrderedUrnUuidsAndGivenIdsAreKept() {
        Envelope first = publish("1", "/t");
        Envelope second = publish("2", "/t");
        Envelope given = hub.publish(new Update("https://example.com/revisions/7", List.of("/t"), "3", null, null, false))
                .await().atMost(WAIT);

        assertThat(first.id()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(given.id()).isEqualTo("https://example.com/revisions/7");
        assertThat(hub.publishedCount()).isEqualTo(3);
    }

    @Test
    void reconnectingWithALastEventIdReplaysWhatFollowsItThenLiveUpdates() {
        publish("a", "/t");
        Envelope b = publish("b", "/t");
        publish("elsewhere", "/other");
        publish("c", "/t");

        RecordingSink sink = new RecordingSink();
        Hub.Subscribed subscribed = hub.subscribe(new SubscribeRequest(List.of("/t"), b.id(), null, null, null), sink)
                .await().atMost(WAIT);
        sink.attach(subscribed.subscriber());
        publish("d", "/t");

        assertThat(subscribed.responseLastEventId()).isEqualTo(b.id());
        assertThat(sink.data()).containsExactly("c", "d");
        assertThat(sink.frames()).noneMatch(Notice.class::isInstance);
        assertThat(hub.replayedCount()).isEqualTo(1);
    }

    @Test
    void earliestReplaysEverythingRetained() {
        publish("a", "/t");
        publish("b", "/t");

        RecordingSink sink = new RecordingSink();
        Hub.Subscribed subscribed = hub.subscribe(new SubscribeRequest(List.of("/t"), Transport.EARLIEST, null, null, null),
                sink).await().atMost(WAIT);
        sink.attach(subscribed.subscriber());

        assertThat(subscribed.responseLastEventId()).isEqualTo(Transport.EARLIEST);
        assertThat(sink.data()).containsExactly("a", "b");
    }

    @Test
    void anIdNoLongerRetainedGetsAGapNoticeThenEverythingRetained() throws Exception {
        Envelope oldest = publish("a", "/t");
        publish("b", "/t");

        RecordingSink sink = new RecordingSink();
        Hub.Subscribed subscribed = hub.subscribe(new SubscribeRequest(List.of("/t"), "urn:uuid:gone", null, null, null),
                sink).await().atMost(WAIT);
        sink.attach(subscribed.subscriber());

        assertThat(subscribed.responseLastEventId()).isEqualTo(Transport.EARLIEST);
        assertThat(sink.frames().get(0)).isInstanceOf(Notice.class);
        Notice gap = (Notice) sink.frames().get(0);
        assertThat(gap.type()).isEqualTo("gap");
        JsonNode data = JSON.readTree(gap.data());
        assertThat(data.get("requested").asText()).isEqualTo("urn:uuid:gone");
        assertThat(data.get("oldestRetained").asText()).isEqualTo(oldest.id());
        assertThat(sink.data()).containsExactly("a", "b");
    }

    @Test
    void replayAndLiveUpdatesMeetWithoutGapOrRepeatWhilePublishesRace() throws Exception {
        hub.close();
        hub = hub(100_000, false);
        int total = 5000;
        List<Envelope> published = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            published.add(publish(Integer.toString(i), "/race"));
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> publisher = pool.submit(() -> {
            for (int i = 50; i < total; i++) {
                publish(Integer.toString(i), "/race");
            }
        });
        // Subscribe from random earlier ids while the publisher runs: each replay meets live updates.
        List<RecordingSink> sinks = new ArrayList<>();
        List<Integer> resumedAfter = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int s = 0; s < 40; s++) {
            int after = random.nextInt(50);
            RecordingSink sink = new RecordingSink();
            sink.attach(hub.subscribe(new SubscribeRequest(List.of("/race"), published.get(after).id(), null, null, null),
                    sink).await().atMost(WAIT).subscriber());
            sinks.add(sink);
            resumedAfter.add(after);
        }
        publisher.get(30, TimeUnit.SECONDS);
        pool.shutdown();

        for (int s = 0; s < sinks.size(); s++) {
            List<String> expected = IntStream.range(resumedAfter.get(s) + 1, total).mapToObj(Integer::toString).toList();
            assertThat(sinks.get(s).data()).as("subscriber %d, resumed after %d", s, resumedAfter.get(s))
                    .isEqualTo(expected);
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsCutOffWithoutHoldingBackOthers() {
        RecordingSink fast = subscribe("/t");
        Subscriber stalled = hub.subscribe(SubscribeRequest.anonymous(List.of("/t")), RecordingSink.stalled())
                .await().atMost(WAIT).subscriber();

        for (int i = 0; i < 20; i++) {
            publish(Integer.toString(i), "/t");
        }

        assertThat(fast.data()).hasSize(20);
        assertThat(stalled.end()).isEqualTo(Subscriber.End.TOO_SLOW);
        assertThat(stalled.finished()).as("queued frames are dropped to free memory").isTrue();
        assertThat(hub.tooSlowCount()).isEqualTo(1);
        hub.unsubscribe(stalled);
        assertThat(hub.subscribers()).doesNotContain(stalled);
    }

    @Test
    void aReplayLongerThanTheBufferIsNotMistakenForASlowSubscriber() {
        for (int i = 0; i < 20; i++) {
            publish(Integer.toString(i), "/t");
        }
        RecordingSink sink = RecordingSink.stalled();
        Subscriber subscriber = hub.subscribe(new SubscribeRequest(List.of("/t"), Transport.EARLIEST, null, null, null),
                sink).await().atMost(WAIT).subscriber();
        sink.attach(subscriber);
        publish("live", "/t");

        assertThat(subscriber.end()).as("20 replayed updates wait, the buffer is 8").isNull();
        sink.resume();
        assertThat(sink.data()).hasSize(21).endsWith("live");
    }

    @Test
    void aConnectionThatFailsToWakeUpIsDroppedAndDeliveryGoesOn() {
        RecordingSink healthy = subscribe("/t");
        Subscriber broken = hub.subscribe(SubscribeRequest.anonymous(List.of("/t")), () -> {
            throw new IllegalStateException("event loop closed");
        }).await().atMost(WAIT).subscriber();

        publish("1", "/t");
        publish("2", "/t");
        publish("3", "/t");

        assertThat(healthy.data()).containsExactly("1", "2", "3");
        assertThat(broken.end()).isNotNull();
    }

    @Test
    void anIdleSubscriberGetsAHeartbeatAfterThePeriodAndEveryWriteResetsIt() {
        RecordingSink sink = subscribe("/t");

        nanos.addAndGet(HEARTBEAT.toNanos() - 1);
        hub.sendHeartbeats();
        assertThat(sink.frames()).isEmpty();

        nanos.addAndGet(1);
        hub.sendHeartbeats();
        assertThat(sink.frames()).containsExactly(Comment.KEEP_ALIVE);

        nanos.addAndGet(HEARTBEAT.toNanos() / 2);
        publish("x", "/t");
        nanos.addAndGet(HEARTBEAT.toNanos() / 2 + 1);
        hub.sendHeartbeats();
        assertThat(sink.frames()).hasSize(2).last().isInstanceOf(Envelope.class);
    }

    @Test
    void aSubscriptionEndsWhenItsTokenExpires() {
        RecordingSink sink = new RecordingSink();
        Subscriber subscriber = hub.subscribe(new SubscribeRequest(List.of("/t"), null, null, null,
                Instant.now().plusMillis(300)), sink).await().atMost(WAIT).subscriber();
        sink.attach(subscriber);
        publish("before", "/t");

        await().atMost(WAIT).until(sink::closed);
        assertThat(subscriber.end()).isEqualTo(Subscriber.End.EXPIRED);
        assertThat(sink.data()).containsExactly("before");
    }

    @Test
    void aTokenThatExpiresWhileTheSubscriptionIsSetUpEndsItAtOnce() {
        RecordingSink sink = new RecordingSink();
        Subscriber subscriber = hub.subscribe(new SubscribeRequest(List.of("/t"), null, null, null,
                Instant.now().minusMillis(1)), sink).await().atMost(WAIT).subscriber();
        sink.attach(subscriber);

        await().atMost(WAIT).until(sink::closed);
        assertThat(subscriber.end()).isEqualTo(Subscriber.End.EXPIRED);
    }

    @Test
    void subscriptionsAreAnnouncedAsPrivateJsonLdUpdates() throws Exception {
        hub.close();
        hub = hub(100, true);
        RecordingSink watcher = subscribe(authorized(List.of("*"), List.of("*")));
        RecordingSink anonymous = subscribe("*");

        RecordingSink sink = new RecordingSink();
        Subscriber subscriber = hub.subscribe(new SubscribeRequest(List.of("/books/{id}"), null, null,
                Map.of("user", "ada"), null), sink).await().atMost(WAIT).subscriber();
        hub.unsubscribe(subscriber);

        List<JsonNode> events = new ArrayList<>();
        for (Envelope envelope : watcher.updates()) {
            if (envelope.update().topic().startsWith("/.well-known/mercure/subscriptions/%2Fbooks%2F%7Bid%7D/")) {
                assertThat(envelope.update().privateUpdate()).isTrue();
                events.add(JSON.readTree(envelope.update().data()));
            }
        }
        assertThat(events).hasSize(2);
        JsonNode started = events.get(0);
        assertThat(started.get("@context").asText()).isEqualTo("https://mercure.rocks/");
        assertThat(started.get("type").asText()).isEqualTo("Subscription");
        assertThat(started.get("id").asText()).isEqualTo(SubscriptionEvents.topic("/books/{id}", subscriber.id()));
        assertThat(started.get("topic").asText()).isEqualTo("/books/{id}");
        assertThat(started.get("subscriber").asText()).isEqualTo(subscriber.id()).startsWith("urn:uuid:");
        assertThat(started.get("active").asBoolean()).isTrue();
        assertThat(started.get("payload").get("user").asText()).isEqualTo("ada");
        assertThat(events.get(1).get("active").asBoolean()).isFalse();
        assertThat(anonymous.updates()).as("subscription updates are private").isEmpty();
    }

    @Test
    void aSubscriptionIsAnnouncedOnlyOnceTheDirectoryListsIt() {
        hub.close();
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        LocalSubscriptionDirectory local = new LocalSubscriptionDirectory();
        // A directory whose writes take a while, as one in Redis does.
        SubscriptionDirectory slow = new SubscriptionDirectory() {
            @Override
            public Uni<Void> started(String id, ObjectNode document) {
                return local.started(id, document).chain(() -> Uni.createFrom().completionStage(recorded));
            }

            @Override
            public Uni<Void> ended(String id) {
                return local.ended(id);
            }

            @Override
            public Uni<List<ObjectNode>> list() {
                return local.list();
            }

            @Override
            public void close() {
                local.close();
            }
        };
        hub = new Hub(transport, new Hub.Settings(100, HEARTBEAT, true), JSON, nanos::get, slow);
        hub.start();
        RecordingSink watcher = subscribe(authorized(List.of("*"), List.of("*")));
        Predicate<Envelope> booksSubscription = envelope -> envelope.update().topic()
                .startsWith(SubscriptionEvents.PATH + "/%2Fbooks%2F1/");

        subscribe("/books/1");
        assertThat(hub.activeSubscriptions().await().atMost(WAIT)).extracting(document -> document.get("topic").asText())
                .contains("/books/1");
        assertThat(watcher.updates()).noneMatch(booksSubscription);

        recorded.complete(null);
        await().atMost(WAIT).until(() -> watcher.updates().stream().anyMatch(booksSubscription));
    }

    @Test
    void aHundredSubscribersReceiveFiftyUpdatesEachInOrderWithoutRepeats() {
        hub.close();
        hub = hub(100, false);
        List<RecordingSink> sinks = IntStream.range(0, 100).mapToObj(i -> subscribe("/load")).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(publish("update " + i, "/load").id());
        }

        for (RecordingSink sink : sinks) {
            assertThat(sink.ids()).isEqualTo(expected);
        }
        assertThat(hub.deliveredCount()).isEqualTo(100 * 50);
    }

    @Test
    void anInProcessStreamHonoursDemandAndUnsubscribesWhenCancelled() {
        AssertSubscriber<Frame> stream = hub.stream(SubscribeRequest.anonymous(List.of("/t")))
                .subscribe().withSubscriber(AssertSubscriber.create(1));
        publish("1", "/t");
        publish("2", "/t");
        publish("3", "/t");

        assertThat(stream.getItems()).hasSize(1);
        stream.request(5);
        assertThat(stream.getItems()).hasSize(3);
        assertThat(hub.subscriberCount()).isEqualTo(1);

        stream.cancel();
        assertThat(hub.subscriberCount()).isZero();
    }

    @Test
    void drainingRefusesNewSubscriptionsAndEndsOpenOnesAfterARetryHint() {
        RecordingSink first = subscribe("/t");
        RecordingSink second = subscribe("*");
        publish("before", "/t");
        hub.drain(Duration.ofMillis(300));

        assertThat(hub.isDraining()).isTrue();
        assertThat(hub.isReady()).isFalse();
        assertThat(hub.subscribe(SubscribeRequest.anonymous(List.of("/t")), new RecordingSink())
                .subscribe().withSubscriber(io.smallrye.mutiny.helpers.test.UniAssertSubscriber.create())
                .awaitFailure(WAIT).getFailure()).isInstanceOf(TransportUnavailableException.class);
        await().atMost(WAIT).until(() -> first.closed() && second.closed());
        for (RecordingSink sink : List.of(first, second)) {
            assertThat(sink.frames()).last().isInstanceOfSatisfying(RetryHint.class,
                    hint -> assertThat(hint.millis()).isBetween(500L, 5000L));
        }
        assertThat(first.data()).containsExactly("before");
    }

    @Test
    void aDrainEndsEverySubscriptionEvenThoseWhoseMomentIsDrawnAtZero() {
        // A window of 1 ms draws every moment at 0 ms: each one must end at once, none be skipped.
        List<RecordingSink> sinks = java.util.stream.IntStream.range(0, 20).mapToObj(i -> subscribe("/t")).toList();

        hub.drain(Duration.ofMillis(1));

        await().atMost(WAIT).until(() -> sinks.stream().allMatch(RecordingSink::closed));
        assertThat(sinks).allSatisfy(sink -> assertThat(sink.frames()).last().isInstanceOf(RetryHint.class));
    }

    @Test
    void closingTheHubEndsSubscriptionsAfterTheyFlush() {
        RecordingSink sink = subscribe("/t");
        publish("last", "/t");
        hub.close();

        assertThat(sink.closed()).isTrue();
        assertThat(sink.data()).containsExactly("last");
    }
}
