package dev.ssehub.hub;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ssehub.hub.sse.Frame;
import dev.ssehub.hub.topic.MatchMemo;
import dev.ssehub.hub.topic.Matcher;
import dev.ssehub.hub.topic.SelectorIndex;
import dev.ssehub.hub.topic.TopicSelector;

/**
 * One subscriber of this node: what it asked for, what its token allows, and the bounded queue of
 * frames waiting for its connection. Thread-safe.
 *
 * <p>The connection side (a {@link Sink}) is woken when frames wait, drains them with
 * {@link #drainTo}, and closes when {@link #finished()}; when the client goes away it calls
 * {@link Hub#unsubscribe}.
 */
public final class Subscriber implements SelectorIndex.Member {

    /** Why a subscription ended. */
    public enum End {
        /** The client went away or the code that subscribed cancelled. */
        UNSUBSCRIBED,
        /** It fell more than the buffer behind. */
        TOO_SLOW,
        /** Its token expired. */
        EXPIRED,
        /** The hub is shutting down. */
        SHUTDOWN
    }

    /**
     * The connection of a subscriber. {@link #wakeUp()} is called from any thread, never under a
     * lock of the hub, when frames wait or the subscription ends; it must not block (schedule the
     * draining on the connection's own thread).
     */
    @FunctionalInterface
    public interface Sink {

        /** Frames wait in the outbox, or it ended. */
        void wakeUp();
    }

    private final String id;
    private final Draft draft;
    private final List<TopicSelector> topics;
    private final List<TopicSelector> authorized;
    private final Map<Matcher, Object> payloads;
    private final Instant expiresAt;
    private final String client;
    private final String token;
    private final long cost;
    private final boolean templates;
    final Outbox outbox;
    // Number of the last fan-out that offered to this subscriber: one update reaches it once even
    // if several of its selectors match. Written only by its fan-out lane, which is serial.
    long lastFanOut;

    /**
     * @param topics     its selectors, compiled, without repeats
     * @param authorized the selectors of its token, compiled (malformed ones left out)
     */
    Subscriber(String id, SubscribeRequest request, List<TopicSelector> topics, List<TopicSelector> authorized,
            int buffer, Sink sink, long nowNanos) {
        this.id = Objects.requireNonNull(id, "id");
        this.draft = request.draft();
        this.topics = List.copyOf(topics);
        this.authorized = List.copyOf(authorized);
        this.payloads = request.payloads();
        this.expiresAt = request.expiresAt();
        this.client = request.client();
        this.token = request.token();
        this.cost = topics.stream().mapToLong(TopicSelector::cost).sum();
        this.templates = topics.stream().anyMatch(TopicSelector::isPattern);
        this.outbox = new Outbox(buffer, sink, nowNanos);
    }

    /** The subscriber id, a {@code urn:uuid:} IRI. */
    public String id() {
        return id;
    }

    /** The draft its request followed. */
    public Draft draft() {
        return draft;
    }

    /** The topic selectors it subscribed with. */
    public List<TopicSelector> topics() {
        return topics;
    }

    /** The payload its token attaches to its subscription to {@code topic}, or {@code null}. */
    public Object payloadOf(TopicSelector topic) {
        return payloads.get(topic.matcher());
    }

    /** When its token expires, or {@code null}. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Who it is for the per-client limits (its address), or {@code null} for none. */
    public String client() {
        return client;
    }

    /** An identifier of the token it presented, for the per-token limit, or {@code null} for none. */
    String token() {
        return token;
    }

    /** The cost of its selectors together (see {@link TopicSelector#cost()}). */
    long cost() {
        return cost;
    }

    /** Whether one of its selectors is a URI Template or a URL Pattern. */
    boolean hasTemplates() {
        return templates;
    }

    /** Whether its token authorizes private updates of any topic at all. */
    @Override
    public boolean receivesPrivateUpdates() {
        return !authorized.isEmpty();
    }

    /** Its topic selectors, as the index reads them: {@link #topics()}. */
    @Override
    public List<TopicSelector> selectors() {
        return topics;
    }

    /**
     * Whether it should receive {@code update}: one of the update's topics matches one of its
     * selectors, and, for a private update, one of the update's topics matches one of the
     * selectors its token authorizes.
     */
    public boolean wants(Update update) {
        return anyMatches(topics, update.topics()) && canReceive(update);
    }

    /**
     * Whether its token allows it to receive {@code update} (always for a public one). The hub's
     * subscription events reach only subscribers of the draft whose shape they have.
     */
    public boolean canReceive(Update update) {
        return !update.privateUpdate() || isOfItsDraft(update) && anyMatches(authorized, update.topics());
    }

    /** As {@link #canReceive(Update)}, reusing the results of templates evaluated for this update already. */
    boolean canReceive(Update update, MatchMemo memo) {
        if (!update.privateUpdate()) {
            return true;
        }
        if (!isOfItsDraft(update)) {
            return false;
        }
        for (int i = 0; i < authorized.size(); i++) {
            if (memo.matchesAny(authorized.get(i), update.topics())) {
                return true;
            }
        }
        return false;
    }

    /** Moves up to {@code max} waiting frames to {@code out}; returns how many. */
    public int drainTo(Collection<? super Frame> out, int max) {
        return outbox.drainTo(out, max);
    }

    /** Whether the subscription ended and every frame was drained: the sink should close. */
    public boolean finished() {
        return outbox.finished();
    }

    /** Why it ended, or {@code null} while open. */
    public End end() {
        return outbox.end();
    }

    @Override
    public String toString() {
        return "Subscriber[" + id + " " + topics + "]";
    }

    private boolean isOfItsDraft(Update update) {
        Draft shape = SubscriptionEvents.draftOf(update);
        return shape == null || shape == draft;
    }

    private static boolean anyMatches(List<TopicSelector> selectors, List<String> topics) {
        for (int i = 0; i < selectors.size(); i++) {
            if (selectors.get(i).matchesAny(topics)) {
                return true;
            }
        }
        return false;
    }
}
