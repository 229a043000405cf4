package dev.ssehub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ssehub.hub.topic.TopicSelector;
import dev.ssehub.transport.memory.MemoryTransport;

/**
 * What one update costs to deliver, and what the hub admits, whatever subscribers ask for: each
 * distinct URI Template is evaluated at most once per update, templates run apart from exact
 * topics, and subscriptions beyond the {@link Limits} are refused. Plain JUnit: the mechanism is
 * counted and driven deterministically (a template executor the test runs by hand), never timed.
 */
class AdmissionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The selector shape of the reported attack: 64 reserved expansions, all possibly empty. */
    private static final String HEAVY = heavyTemplate(64);

    /** An executor that runs nothing until the test says so: the template lane, under the test's control. */
    private static final class ManualExecutor implements Executor {

        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        /** Runs every queued task, including those queued meanwhile. */
        void runAll() {
            Runnable task;
            while ((task = poll()) != null) {
                task.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    private final AtomicLong nanos = new AtomicLong();
    private final MemoryTransport transport = new MemoryTransport(1000, null, System::currentTimeMillis);
    private final List<Hub> hubs = new ArrayList<>();

    @AfterEach
    void close() {
        hubs.forEach(Hub::close);
        transport.close();
    }

    private Hub hub(Limits limits, Executor templates) {
        Hub hub = new Hub(transport, new Hub.Settings(100, Duration.ofSeconds(15), false).withLimits(limits).withExecutors(templates, templates), JSON,
                nanos::get);
        hub.start();
        hubs.add(hub);
        return hub;
    }

    private Hub hub(Limits limits) {
        return hub(limits, Runnable::run);
    }

    private static RecordingSink subscribe(Hub hub, String client, String... topics) {
        RecordingSink sink = new RecordingSink();
        sink.attach(hub.subscribe(SubscribeRequest.anonymous(List.of(topics)).withClient(client), sink)
                .await().atMost(WAIT).subscriber());
        return sink;
    }

    private static Throwable refusal(Hub hub, String client, String... topics) {
        try {
            hub.subscribe(SubscribeRequest.anonymous(List.of(topics)).withClient(client), new RecordingSink())
                    .await().atMost(WAIT);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the subscription to " + List.of(topics) + " was taken");
    }

    private static Envelope publish(Hub hub, boolean privateUpdate, String... topics) {
        return hub.publish(new Update(null, List.of(topics), "x", null, null, privateUpdate)).await().atMost(WAIT);
    }

    @Test
    void aTemplateSharedByManySubscribersIsEvaluatedOncePerUpdate() {
        Hub hub = hub(Limits.DEFAULTS);
        List<RecordingSink> shared = IntStream.range(0, 50)
                .mapToObj(i -> subscribe(hub, "client-" + i, "https://example.com/books/{id}")).toList();
        RecordingSink other = subscribe(hub, "other", "https://example.com/authors/{id}", "https://example.com/{+any}");
        long before = hub.templateEvaluations();

        for (int i = 0; i < 10; i++) {
            publish(hub, false, "https://example.com/books/" + i);
        }

        assertThat(hub.templateEvaluations() - before).as("3 distinct templates, 10 updates").isEqualTo(30);
        assertThat(shared).allSatisfy(sink -> assertThat(sink.updates()).hasSize(10));
        assertThat(other.updates()).as("matched by {+any}").hasSize(10);
    }

    @Test
    void aPrivateUpdateIsNotMatchedAgainstTemplatesNoAuthorizedSubscriberUses() {
        Hub hub = hub(Limits.DEFAULTS);
        for (int i = 0; i < 20; i++) {
            subscribe(hub, "anonymous-" + i, heavyTemplate(8) + "/c" + i);
        }
        long before = hub.templateEvaluations();

        publish(hub, true, "/.well-known/mercure/subscriptions/" + "x".repeat(500));

        assertThat(hub.templateEvaluations() - before).as("no anonymous subscriber may receive it").isZero();
    }

    @Test
    void templatesAreMatchedOnTheirOwnExecutorWhileExactTopicsAreDeliveredAtOnce() {
        ManualExecutor templates = new ManualExecutor();
        Hub hub = hub(Limits.DEFAULTS, templates);
        RecordingSink exact = subscribe(hub, "a", "https://example.com/books/1");
        RecordingSink[] templated = new RecordingSink[1];
        Thread subscribing = new Thread(() -> templated[0] = subscribe(hub, "b", "https://example.com/books/{id}"));
        subscribing.start();
        // Compiling the template happens off the caller's thread too (here on the same executor).
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
            templates.runAll();
            return templated[0] != null;
        });

        publish(hub, false, "https://example.com/books/1");

        assertThat(exact.updates()).as("delivered on the publishing thread").hasSize(1);
        assertThat(templated[0].updates()).as("waits for the template executor").isEmpty();
        templates.runAll();
        assertThat(templated[0].updates()).hasSize(1);
    }

    @Test
    void aSelectorCostingMoreThanTheLimitIsRefusedForGood() {
        int cost = TopicSelector.compile(HEAVY).cost();
        Hub hub = hub(new Limits(0, cost - 1, 1_000_000, 1_000_000, 1_000_000));

        Throwable refused = refusal(hub, "a", HEAVY);

        assertThat(refused).isInstanceOf(SubscriptionRefusedException.class).hasMessageContaining("hub.limits.selector-cost");
        assertThat(((SubscriptionRefusedException) refused).reason().retryable()).isFalse();
        assertThat(hub.refusedCount(SubscriptionRefusedException.Reason.SELECTOR_TOO_COSTLY)).isEqualTo(1);
        assertThat(hub.subscriberCount()).isZero();
    }

    @Test
    void theSelectorsOfOneSubscriptionShareOneBudget() {
        int cost = TopicSelector.compile(HEAVY + "/1").cost();
        Hub hub = hub(new Limits(0, cost, 2 * cost, 1_000_000, 1_000_000));

        subscribe(hub, "a", HEAVY + "/1", HEAVY + "/2", "/exact/topics/cost/nothing", "*");
        Throwable refused = refusal(hub, "a", HEAVY + "/1", HEAVY + "/2", HEAVY + "/3");

        assertThat(refused).isInstanceOf(SubscriptionRefusedException.class)
                .hasMessageContaining("hub.limits.subscription-cost");
        assertThat(((SubscriptionRefusedException) refused).reason())
                .isEqualTo(SubscriptionRefusedException.Reason.SUBSCRIPTION_TOO_COSTLY);
    }

    @Test
    void oneClientsConnectionsAreCountedAndFreedWhenTheyEnd() {
        Hub hub = hub(new Limits(3, 10_000, 10_000, 1_000_000, 1_000_000));
        List<RecordingSink> open = IntStream.range(0, 3).mapToObj(i -> subscribe(hub, "10.0.0.1", "/a")).toList();

        Throwable refused = refusal(hub, "10.0.0.1", "/a");
        subscribe(hub, "10.0.0.2", "/a");
        subscribe(hub, null, "/a");

        assertThat(refused).isInstanceOf(SubscriptionRefusedException.class)
                .hasMessageContaining("hub.limits.connections-per-client");
        assertThat(((SubscriptionRefusedException) refused).reason().retryable()).isTrue();
        hub.unsubscribe(hub.subscribers().stream().filter(s -> "10.0.0.1".equals(s.client())).findFirst().orElseThrow());
        subscribe(hub, "10.0.0.1", "/a");
        assertThat(open).hasSize(3);
    }

    @Test
    void oneClientsTemplatesShareOneBudget() {
        int cost = TopicSelector.compile(HEAVY + "/1").cost();
        Hub hub = hub(new Limits(0, cost, cost, 3L * cost, 1_000_000));
        for (int i = 0; i < 3; i++) {
            subscribe(hub, "10.0.0.1", HEAVY + "/" + i);
        }

        Throwable refused = refusal(hub, "10.0.0.1", HEAVY + "/3");
        subscribe(hub, "10.0.0.1", "/exact");
        subscribe(hub, "10.0.0.2", HEAVY + "/3");

        assertThat(refused).isInstanceOf(SubscriptionRefusedException.class).hasMessageContaining("hub.limits.client-cost");
        assertThat(hub.refusedCount(SubscriptionRefusedException.Reason.CLIENT_COST)).isEqualTo(1);
    }

    @Test
    void theDistinctTemplatesOfEveryoneShareTheHubsBudgetAndARepeatedOneCostsNothingMore() {
        int cost = TopicSelector.compile(HEAVY + "/1").cost();
        Hub hub = hub(new Limits(0, cost, cost, cost, 2L * cost));
        subscribe(hub, "1", HEAVY + "/1");
        subscribe(hub, "2", HEAVY + "/2");

        Throwable refused = refusal(hub, "3", HEAVY + "/3");
        subscribe(hub, "3", HEAVY + "/1");

        assertThat(refused).isInstanceOf(SubscriptionRefusedException.class).hasMessageContaining("hub.limits.hub-cost");
        assertThat(((SubscriptionRefusedException) refused).reason().retryable()).isTrue();
        assertThat(hub.templateCost()).isEqualTo(2L * cost);
        hub.subscribers().stream().filter(s -> "2".equals(s.client())).toList().forEach(hub::unsubscribe);
        assertThat(hub.templateCost()).isEqualTo(cost);
        subscribe(hub, "4", HEAVY + "/3");
    }

    @Test
    void newTemplatesBeyondTheClientsCompileRateWaitForItsBucketToRefillAndKnownOnesCostNothing() {
        Hub hub = hub(Limits.DEFAULTS.withCompileRates(1000, 1_000_000));
        List<String> templates = IntStream.range(0, 17).mapToObj(AdmissionTest::longTemplate).toList();
        for (int i = 0; i < 16; i++) {
            subscribe(hub, "10.0.0.1", templates.get(i));
        }

        Throwable refused = refusal(hub, "10.0.0.1", templates.get(16));
        subscribe(hub, "10.0.0.1", templates.get(0));
        subscribe(hub, "10.0.0.2", templates.get(16));
        // 384 characters were left; at 1000 per second, 1000 more are there after 0.616 s.
        nanos.addAndGet(Duration.ofMillis(600).toNanos());
        Throwable stillRefused = refusal(hub, "10.0.0.1", longTemplate(17));
        nanos.addAndGet(Duration.ofMillis(20).toNanos());
        subscribe(hub, "10.0.0.1", longTemplate(17));

        assertThat(refused).isInstanceOf(SubscriptionRefusedException.class)
                .hasMessageContaining("hub.limits.client-compile-rate");
        assertThat(((SubscriptionRefusedException) refused).reason().retryable()).isTrue();
        assertThat(stillRefused).isInstanceOf(SubscriptionRefusedException.class);
        assertThat(hub.refusedCount(SubscriptionRefusedException.Reason.CLIENT_COMPILE_RATE)).isEqualTo(2);
    }

    @Test
    void newTemplatesOfEveryClientShareTheHubsCompileRate() {
        Hub hub = hub(Limits.DEFAULTS.withCompileRates(1_000_000, 1000));
        for (int i = 0; i < 16; i++) {
            subscribe(hub, "10.0.0." + i, longTemplate(i));
        }

        Throwable refused = refusal(hub, "10.0.1.1", longTemplate(16));

        assertThat(refused).isInstanceOf(SubscriptionRefusedException.class)
                .hasMessageContaining("hub.limits.hub-compile-rate");
    }

    @Test
    void aSubscriptionOverItsCostIsRefusedBeforeAllItsTemplatesAreCompiled() {
        String[] selectors = IntStream.range(0, 10).mapToObj(i -> HEAVY + "/fail-fast-" + i).toArray(String[]::new);
        int cost = TopicSelector.compile(selectors[0]).cost();
        Hub hub = hub(new Limits(0, cost, 2 * cost + 10, 1_000_000, 1_000_000));

        Throwable refused = refusal(hub, "a", selectors);

        assertThat(refused).isInstanceOf(SubscriptionRefusedException.class)
                .hasMessageContaining("hub.limits.subscription-cost");
        assertThat(IntStream.range(0, 10).filter(i -> hub.isCompiled(selectors[i])))
                .as("the third went over the limit; the rest were never compiled").containsExactly(0, 1, 2);
    }

    @Test
    void aReplayThroughTemplatesRunsOnTheTemplateExecutor() {
        ManualExecutor templates = new ManualExecutor();
        Hub hub = hub(Limits.DEFAULTS, templates);
        publish(hub, false, "https://example.com/books/1");
        RecordingSink sink = new RecordingSink();
        var subscribed = hub.subscribe(new SubscribeRequest(List.of("https://example.com/books/{id}"), Transport.EARLIEST,
                null, null, null).withClient("a"), sink).subscribeAsCompletionStage();

        assertThat(subscribed).isNotDone();
        templates.runAll();
        sink.attach(subscribed.join().subscriber());
        assertThat(sink.updates()).hasSize(1);
    }

    /** A distinct template of 1000 characters, about as long as compiling can be asked for in one go. */
    private static String longTemplate(int i) {
        String base = "https://example.com/" + i + "/";
        return base + "a".repeat(1000 - base.length() - "{id}".length()) + "{id}";
    }

    private static String heavyTemplate(int variables) {
        StringBuilder template = new StringBuilder();
        for (int i = 0; i < variables; i++) {
            template.append("{+v").append(i).append('}');
        }
        return template.toString();
    }
}
