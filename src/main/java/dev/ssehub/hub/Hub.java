package dev.ssehub.hub;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ssehub.hub.sse.Comment;
import dev.ssehub.hub.sse.Frame;
import dev.ssehub.hub.sse.Notice;
import dev.ssehub.hub.sse.RetryHint;
import dev.ssehub.hub.topic.Matcher;
import dev.ssehub.hub.topic.SelectorCache;
import dev.ssehub.hub.topic.TopicSelector;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The hub of this node: publishes updates through the {@link Transport}, fans out what the
 * transport delivers to this node's subscribers, replays history to subscribers that reconnect,
 * sends heartbeats, ends subscriptions whose token expires or that fall behind, announces
 * subscriptions, and drains them when the node shuts down. It knows nothing of HTTP.
 *
 * <p>Thread-safe. Nothing here blocks: subscribing and publishing return {@link Uni}s.
 */
public class Hub implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Hub.class);
    private static final Duration LONGEST_DELAY = Duration.ofDays(365L * 100);

    /**
     * How the hub behaves.
     *
     * @param subscriberBuffer   frames queued per subscriber before it is cut off as too slow
     * @param heartbeat          silence after which a subscriber gets a keep-alive comment
     * @param subscriptionEvents whether to publish {@code Subscription} updates
     * @param limits             what subscribers may cost this node
     * @param templateExecutor   where URI Templates are matched against updates, apart from
     *                           everything else (one thread is enough); {@code Runnable::run}
     *                           matches them on the calling thread, for tests
     * @param compileExecutor    where clients' new URI Templates are compiled, apart from matching
     *                           (one thread is enough)
     * @param opaqueIds          whether generated update ids are random rather than time-ordered
     * @param drafts             the drafts the hub speaks: a subscription event is published in the
     *                           shape of each
     * @param maxLifetime        longest a subscription stays open, or {@code null} for no limit
     * @param baseUrl            the hub's URL, against which relative URL patterns and the topics
     *                           they are matched against are resolved; {@code null}: none
     */
    public record Settings(int subscriberBuffer, Duration heartbeat, boolean subscriptionEvents, Limits limits,
            Executor templateExecutor, Executor compileExecutor, boolean opaqueIds, List<Draft> drafts,
            Duration maxLifetime, String baseUrl) {

        /** Validates. */
        public Settings {
            if (subscriberBuffer < 1) {
                throw new IllegalArgumentException("subscriberBuffer must be at least 1");
            }
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive");
            }
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(templateExecutor, "templateExecutor");
            Objects.requireNonNull(compileExecutor, "compileExecutor");
            drafts = List.copyOf(drafts);
            if (maxLifetime != null && (maxLifetime.isNegative() || maxLifetime.isZero())) {
                throw new IllegalArgumentException("maxLifetime must be positive");
            }
        }

        /** Settings with the default limits, matching templates on the calling thread, both drafts. */
        public Settings(int subscriberBuffer, Duration heartbeat, boolean subscriptionEvents) {
            this(subscriberBuffer, heartbeat, subscriptionEvents, Limits.DEFAULTS, Runnable::run, Runnable::run, false,
                    List.of(Draft.values()), null, null);
        }

        /** These settings with other limits. */
        public Settings withLimits(Limits newLimits) {
            return new Settings(subscriberBuffer, heartbeat, subscriptionEvents, newLimits, templateExecutor,
                    compileExecutor, opaqueIds, drafts, maxLifetime, baseUrl);
        }

        /** These settings with other executors for matching and for compiling patterns. */
        public Settings withExecutors(Executor newTemplateExecutor, Executor newCompileExecutor) {
            return new Settings(subscriberBuffer, heartbeat, subscriptionEvents, limits, newTemplateExecutor,
                    newCompileExecutor, opaqueIds, drafts, maxLifetime, baseUrl);
        }

        /** These settings with random generated ids or not. */
        public Settings withOpaqueIds(boolean newOpaqueIds) {
            return new Settings(subscriberBuffer, heartbeat, subscriptionEvents, limits, templateExecutor,
                    compileExecutor, newOpaqueIds, drafts, maxLifetime, baseUrl);
        }

        /** These settings with other drafts and hub URL. */
        public Settings withProtocol(List<Draft> newDrafts, String newBaseUrl) {
            return new Settings(subscriberBuffer, heartbeat, subscriptionEvents, limits, templateExecutor,
                    compileExecutor, opaqueIds, newDrafts, maxLifetime, newBaseUrl);
        }

        /** These settings with another maximum lifetime of subscriptions. */
        public Settings withMaxLifetime(Duration newMaxLifetime) {
            return new Settings(subscriberBuffer, heartbeat, subscriptionEvents, limits, templateExecutor,
                    compileExecutor, opaqueIds, drafts, newMaxLifetime, baseUrl);
        }
    }

    /**
     * A subscription that is open.
     *
     * @param subscriber          the subscriber, registered and receiving
     * @param responseLastEventId the {@code Last-Event-ID} to answer with when the request carried
     *                            one: the requested id when it was retained, else
     *                            {@link Transport#EARLIEST}; {@code null} when none was requested
     */
    public record Subscribed(Subscriber subscriber, String responseLastEventId) {
    }

    private final Transport transport;
    private final Settings settings;
    private final LongSupplier nanoTime;
    private final UpdateIds ids;
    private final SubscriptionEvents subscriptionEvents;
    private final ObjectMapper json;
    private final FanOut fanOut;
    private final SubscriptionDirectory directory;
    private final SelectorCache selectors;
    private final Admission admission;
    private final Map<Subscriber, Cancellable> expiries = new ConcurrentHashMap<>();
    private final LongAdder published = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final AtomicLong tooSlow = new AtomicLong();
    private volatile String lastEventId = Transport.EARLIEST;
    private volatile LongConsumer dispatchLatency = millis -> { };
    private volatile boolean draining;
    private Cancellable feed;
    private Cancellable heartbeats;

    /**
     * @param transport where updates are ordered and kept
     * @param settings  behaviour
     * @param json      for the JSON of subscription documents and notices
     * @param nanoTime  monotonic clock, replaceable in tests
     */
    public Hub(Transport transport, Settings settings, ObjectMapper json, LongSupplier nanoTime) {
        this(transport, settings, json, nanoTime, new LocalSubscriptionDirectory());
    }

    /**
     * @param transport   where updates are ordered and kept
     * @param settings    behaviour
     * @param json        for the JSON of subscription documents and notices
     * @param nanoTime    monotonic clock, replaceable in tests
     * @param directory   where active subscriptions are listed (used with subscription events on)
     */
    public Hub(Transport transport, Settings settings, ObjectMapper json, LongSupplier nanoTime,
            SubscriptionDirectory directory) {
        this.directory = directory;
        this.transport = transport;
        this.settings = settings;
        this.json = json;
        this.nanoTime = nanoTime;
        this.ids = settings.opaqueIds() ? UpdateIds.random() : new UpdateIds(System::currentTimeMillis);
        this.subscriptionEvents = new SubscriptionEvents(json);
        this.selectors = new SelectorCache(settings.baseUrl());
        this.admission = new Admission(settings.limits(), nanoTime);
        this.fanOut = new FanOut(this::cutOff, this::dispatched, nanoTime, admission, settings.templateExecutor());
    }

    /** Starts receiving the transport's updates and the heartbeat timer. */
    public void start() {
        feed = transport.subscribe().subscribe().with(this::receive,
                failure -> LOG.error("The transport stopped delivering updates to this node", failure));
        // One timer for every subscriber; a finer period than the heartbeat bounds how late one comes.
        Duration check = clamp(settings.heartbeat().dividedBy(4), Duration.ofMillis(10), Duration.ofSeconds(1));
        heartbeats = Multi.createFrom().ticks().every(check).subscribe()
                .with(tick -> sendHeartbeats(), failure -> LOG.error("Heartbeat timer stopped", failure));
    }

    /** Ends every subscription (they may flush what is queued) and stops the timers. */
    @Override
    public void close() {
        if (heartbeats != null) {
            heartbeats.cancel();
        }
        if (feed != null) {
            feed.cancel();
        }
        for (Subscriber subscriber : fanOut.subscribers()) {
            try {
                subscriber.outbox.end(Subscriber.End.SHUTDOWN, false);
            } catch (RuntimeException e) {
                LOG.debugf("Could not end %s: %s", subscriber.id(), e.getMessage());
            }
        }
    }

    /**
     * Publishes {@code update} to every node's subscribers and into the history, assigning a
     * {@code urn:uuid:} id when it has none. The {@link Uni} yields the stored envelope, or fails
     * with {@link TransportUnavailableException} when the update was not accepted.
     */
    public Uni<Envelope> publish(Update update) {
        Update withId = update.id() == null ? update.withId(ids.next()) : update;
        // Lazy, like the transport: nothing happens until subscribed, and a retry publishes again.
        return Uni.createFrom().deferred(() -> transport.dispatch(withId)).invoke(published::increment);
    }

    /**
     * Opens a subscription whose frames {@code sink} drains. With a last event id in the
     * request, the retained updates after it come first (preceded by a {@link Notice#GAP} notice
     * when that id is no longer retained), then live ones, with none missing or repeated. The
     * {@link Uni} fails with {@link IllegalArgumentException} for a malformed URI Template, with
     * {@link SubscriptionRefusedException} beyond the {@link Limits}, and with
     * {@link TransportUnavailableException} if the history cannot be read; nothing stays
     * registered then.
     *
     * <p>URI Templates are compiled, and a history replayed through them, on the template
     * executor: their cost is the client's choice.
     */
    public Uni<Subscribed> subscribe(SubscribeRequest request, Subscriber.Sink sink) {
        if (draining) {
            return Uni.createFrom().failure(new TransportUnavailableException("this server is shutting down", null));
        }
        Uni<Subscriber> created = Uni.createFrom().item(() -> newSubscriber(request, sink));
        if (!isCompiled(request)) {
            try {
                admission.takeCompileBudget(request.client(), uncompiledCharacters(request.topics()));
            } catch (SubscriptionRefusedException refused) {
                return Uni.createFrom().failure(refused);
            }
            created = created.runSubscriptionOn(settings.compileExecutor());
        }
        return created.chain(subscriber -> register(subscriber, request.lastEventId()));
    }

    /** Whether the draft-07 selector {@code selector} is compiled and kept; for tests. */
    boolean isCompiled(String selector) {
        return selectors.contains(Matcher.selector(selector));
    }

    private boolean isCompiled(SubscribeRequest request) {
        return request.topics().stream().allMatch(selectors::contains)
                && (request.authorizedTopics() == null || request.authorizedTopics().stream().allMatch(selectors::contains));
    }

    /** Characters of {@code topics}' patterns that are not compiled yet; a verified token's matchers are not counted. */
    private int uncompiledCharacters(List<Matcher> topics) {
        int characters = 0;
        for (Matcher topic : topics) {
            characters += selectors.contains(topic) ? 0 : topic.value().length();
        }
        return characters;
    }

    /** Compiles the request's matchers, refusing it as soon as their cost is over a limit. */
    private Subscriber newSubscriber(SubscribeRequest request, Subscriber.Sink sink) {
        List<TopicSelector> topics = new ArrayList<>(request.topics().size());
        long cost = 0;
        for (Matcher topic : request.topics()) {
            TopicSelector selector;
            try {
                selector = selectors.get(topic);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(describe(topic) + " is not valid: " + e.getMessage(), e);
            }
            admission.checkSelector(selector);
            cost += selector.cost();
            admission.checkSubscriptionCost(cost);
            topics.add(selector);
        }
        List<TopicSelector> authorized = new ArrayList<>();
        if (request.authorizedTopics() != null) {
            for (Matcher topic : request.authorizedTopics()) {
                TopicSelector selector = selectors.getOrNull(topic);
                if (selector != null) {
                    authorized.add(selector);
                }
            }
        }
        return new Subscriber(UpdateIds.subscriberId(), request, topics, authorized, settings.subscriberBuffer(), sink,
                nanoTime.getAsLong());
    }

    private static String describe(Matcher matcher) {
        return switch (matcher.type()) {
            case SELECTOR -> "topic '" + matcher.value() + "' (a URI Template)";
            case URI_TEMPLATE -> "match_uritemplate '" + matcher.value() + "' (a URI Template)";
            case URL_PATTERN -> "match_urlpattern '" + matcher.value() + "' (a URL Pattern)";
            case EXACT -> "match '" + matcher.value() + "'";
        };
    }

    private Uni<Subscribed> register(Subscriber subscriber, String requested) {
        if (requested == null) {
            fanOut.add(subscriber);
            open(subscriber);
            return Uni.createFrom().item(new Subscribed(subscriber, null));
        }
        // Registered before the history is read, its live updates held: none can fall between the two.
        subscriber.outbox.startReplay();
        fanOut.add(subscriber);
        // An id no update can have (control characters, say) is unknown without asking the transport,
        // and is never echoed: the answer would carry it into a header.
        boolean possible = Transport.EARLIEST.equals(requested) || Update.idProblem(requested) == null;
        Uni<History> history = transport.history(possible ? requested : Transport.EARLIEST);
        if (fanOut.matchesOffThread(subscriber)) {
            history = history.emitOn(settings.templateExecutor());
        }
        return history
                .map(retained -> {
                    boolean found = possible && retained.found();
                    replay(subscriber, requested, found ? retained : retained.notFound());
                    open(subscriber);
                    boolean resumed = found && !Transport.EARLIEST.equals(requested);
                    return new Subscribed(subscriber, resumed ? requested : Transport.EARLIEST);
                })
                .onFailure().invoke(failure -> fanOut.remove(subscriber));
    }

    /**
     * Starts a graceful shutdown: refuses new subscriptions, ends those of code in this process at
     * once, and ends every subscription of a client at a random moment within {@code window}, each
     * after a {@link RetryHint} of a random 0.5 to 5 seconds, so that clients reconnect elsewhere
     * spread out in time rather than all at once. {@link #subscriberCount()} falls to zero as they end.
     */
    public void drain(Duration window) {
        draining = true;
        List<Subscriber> open = List.copyOf(fanOut.subscribers());
        long windowMillis = Math.max(1, window.toMillis());
        LOG.infof("Draining: closing %d subscriptions over %s; new subscriptions are refused", open.size(), window);
        for (Subscriber subscriber : open) {
            // No client of this process reconnects anywhere: nothing to spread.
            long at = subscriber.client() == null ? 0 : ThreadLocalRandom.current().nextLong(windowMillis);
            after(Duration.ofMillis(at), () -> endForShutdown(subscriber));
        }
    }

    /**
     * Runs {@code action} once {@code delay} has passed, on a timer thread; at once, on this thread,
     * if {@code delay} is zero or negative (a token that expired while the subscription was being
     * set up, a drain moment drawn at 0 ms), which Mutiny's timer refuses.
     */
    private static Cancellable after(Duration delay, Runnable action) {
        if (delay.isNegative() || delay.isZero()) {
            action.run();
            return () -> { };
        }
        // A token may expire in the year 9999, which no timer counts to in nanoseconds: no stream lives that long.
        Duration bounded = delay.compareTo(LONGEST_DELAY) > 0 ? LONGEST_DELAY : delay;
        return Uni.createFrom().voidItem().onItem().delayIt().by(bounded).subscribe().with(done -> action.run());
    }

    /** A final retry hint, then the end. */
    private static void endForShutdown(Subscriber subscriber) {
        try {
            subscriber.outbox.endWith(RetryHint.forShutdown(), Subscriber.End.SHUTDOWN);
        } catch (RuntimeException e) {
            LOG.debugf("Could not end %s for shutdown: %s", subscriber.id(), e.getMessage());
        }
    }

    /** Whether {@link #drain} started: new subscriptions are refused. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * An in-process subscription as a stream of frames ({@link Envelope}s, heartbeat
     * {@link Comment}s, {@link Notice}s) that honours the downstream's demand. It completes when
     * the hub ends the subscription; cancelling it unsubscribes.
     */
    public Multi<Frame> stream(SubscribeRequest request) {
        return Multi.createFrom().emitter(emitter -> {
            StreamSink sink = new StreamSink(emitter);
            subscribe(request, sink).subscribe().with(subscribed -> {
                Subscriber subscriber = subscribed.subscriber();
                emitter.onTermination(() -> unsubscribe(subscriber));
                if (emitter.isCancelled()) {
                    // Cancelled while the history was being read.
                    unsubscribe(subscriber);
                    return;
                }
                sink.attach(subscriber);
            }, emitter::fail);
        });
    }

    /**
     * Refuses now a subscription that would be refused for its client's number of open
     * subscriptions, for code that must answer before it subscribes (a stream whose head goes out
     * first). Subscribing checks it again, atomically.
     *
     * @throws SubscriptionRefusedException if the client of {@code request} has all it may have open
     */
    public void checkClientConnections(SubscribeRequest request) {
        fanOut.checkClientConnections(request.client());
    }

    /** Ends {@code subscriber}'s subscription and announces it; does nothing the second time. */
    public void unsubscribe(Subscriber subscriber) {
        if (!fanOut.remove(subscriber)) {
            return;
        }
        Cancellable expiry = expiries.remove(subscriber);
        if (expiry != null) {
            expiry.cancel();
        }
        subscriber.outbox.end(Subscriber.End.UNSUBSCRIBED, true);
        announce(subscriber, false);
    }

    /** Subscribers connected to this node now. */
    public Collection<Subscriber> subscribers() {
        return fanOut.subscribers();
    }

    /** How many subscribers are connected to this node now. */
    public int subscriberCount() {
        return fanOut.subscribers().size();
    }

    /** Id of the newest update this node has delivered, or {@link Transport#EARLIEST} if none yet. */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * The records of the active subscriptions (see {@link SubscriptionEvents#render}), of every node
     * when the directory spans several; empty when subscription events are off. Fails with
     * {@link TransportUnavailableException} when they cannot be read now.
     */
    public Uni<List<ObjectNode>> activeSubscriptions() {
        return directory.list();
    }

    /** The documents of subscriptions, in either draft's shape. */
    public SubscriptionEvents subscriptionDocuments() {
        return subscriptionEvents;
    }

    /** The transport's name, e.g. {@code memory}. */
    public String transportName() {
        return transport.name();
    }

    /** Updates retained in the history now. */
    public long historySize() {
        return transport.retainedCount();
    }

    /**
     * Tells {@code observer}, once per update from the transport, the milliseconds from the
     * transport accepting it to this node offering it to its subscribers.
     */
    public void onDispatched(LongConsumer observer) {
        dispatchLatency = observer;
    }

    /** Whether this node takes subscriptions and the transport accepts updates now. */
    public boolean isReady() {
        return !draining && transport.isReady();
    }

    /** Updates this node published into the transport. */
    public long publishedCount() {
        return published.sum();
    }

    /** Updates offered to subscribers of this node, one per subscriber reached. */
    public long deliveredCount() {
        return fanOut.delivered();
    }

    /** Updates sent from history to reconnecting subscribers. */
    public long replayedCount() {
        return replayed.sum();
    }

    /** Subscribers cut off because they fell too far behind. */
    public long tooSlowCount() {
        return tooSlow.get();
    }

    /** Subscriptions refused so far because of {@code reason}. */
    public long refusedCount(SubscriptionRefusedException.Reason reason) {
        return admission.refusedCount(reason);
    }

    /** URI Templates evaluated against updates so far: each distinct one at most once per update. */
    public long templateEvaluations() {
        return fanOut.templateEvaluations();
    }

    /** The cost of the distinct URI Templates of the open subscriptions (see {@link Limits#hubCost()}). */
    public long templateCost() {
        return fanOut.templateCost();
    }

    /** Offers every subscriber a heartbeat; package-private so tests can drive time themselves. */
    void sendHeartbeats() {
        long now = nanoTime.getAsLong();
        long period = settings.heartbeat().toNanos();
        for (Subscriber subscriber : fanOut.subscribers()) {
            try {
                subscriber.outbox.heartbeatIfIdle(now, period);
            } catch (RuntimeException e) {
                LOG.debugf("Could not send a heartbeat to %s: %s", subscriber.id(), e.getMessage());
            }
        }
    }

    private void receive(Envelope envelope) {
        fanOut.submit(envelope);
    }

    // Called in delivery order, one update at a time: what a subscriber saw last and what came
    // before it are known exactly here.
    private void dispatched(Envelope envelope) {
        lastEventId = envelope.id();
        dispatchLatency.accept(Math.max(0, System.currentTimeMillis() - envelope.storedAtMillis()));
    }

    private void replay(Subscriber subscriber, String requested, History history) {
        List<Envelope> matching = history.updates().stream().filter(e -> subscriber.wants(e.update())).toList();
        Notice gap = null;
        if (!history.found()) {
            // The oldest update this subscriber may see, not the oldest retained: that one may be private.
            ObjectNode data = json.createObjectNode();
            data.put("requested", requested);
            data.put("oldestRetained", matching.isEmpty() ? null : matching.get(0).id());
            gap = new Notice(Notice.GAP, subscriptionEvents.toJson(data));
        }
        replayed.add(matching.size());
        subscriber.outbox.finishReplay(gap, matching, history.head(), nanoTime.getAsLong());
    }

    /** Starts a registered subscriber's expiry timer and announces it. */
    private void open(Subscriber subscriber) {
        if (draining) {
            // Registered while the drain took its list: end it as the drain would.
            endForShutdown(subscriber);
        }
        Duration left = lifetime(subscriber);
        if (left != null) {
            expiries.put(subscriber, after(left, () -> subscriber.outbox.end(Subscriber.End.EXPIRED, false)));
        }
        announce(subscriber, true);
    }

    /**
     * How long {@code subscriber} may stay open: until its token expires, and within the maximum
     * lifetime, drawn over its last tenth so that streams opened together do not all end together;
     * {@code null} for ever.
     */
    private Duration lifetime(Subscriber subscriber) {
        Duration left = subscriber.expiresAt() == null ? null : Duration.between(Instant.now(), subscriber.expiresAt());
        Duration max = settings.maxLifetime();
        if (max != null && subscriber.client() != null) {
            long tenth = Math.max(1, max.toMillis() / 10);
            Duration drawn = max.minusMillis(ThreadLocalRandom.current().nextLong(tenth));
            left = left == null || drawn.compareTo(left) < 0 ? drawn : left;
        }
        return left;
    }

    private void announce(Subscriber subscriber, boolean active) {
        if (!settings.subscriptionEvents()) {
            return;
        }
        for (TopicSelector selector : subscriber.topics()) {
            String key = SubscriptionEvents.key(subscriber, selector);
            Uni<Void> recorded = active ? directory.started(key, subscriptionEvents.record(subscriber, selector, true))
                    : directory.ended(key);
            // Announced once listed, so that a list and the announcements that follow it never miss one.
            Uni<Void> announced = recorded;
            for (Update update : subscriptionEvents.updates(subscriber, selector, active, settings.drafts())) {
                announced = announced.chain(() -> publish(update)).replaceWithVoid();
            }
            announced.subscribe().with(done -> { }, failure -> LOG.debugf("Could not announce subscription %s: %s",
                    subscriber.id(), failure.getMessage()));
        }
    }

    private void cutOff(Subscriber subscriber) {
        if (subscriber.outbox.end(Subscriber.End.TOO_SLOW, true)) {
            long count = tooSlow.incrementAndGet();
            LOG.warnf("Subscriber %s fell more than %d updates behind and was disconnected (%d so far); "
                    + "it can resume with Last-Event-ID", subscriber.id(), settings.subscriberBuffer(), count);
        }
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }
}
