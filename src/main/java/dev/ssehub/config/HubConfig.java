package dev.ssehub.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed configuration of the hub, read from the {@code hub.*} keys (environment variables map as
 * Quarkus does: {@code hub.subscriber-buffer} is {@code HUB_SUBSCRIBER_BUFFER}).
 *
 * <p>The configuration table of docs/CONFIGURATION.md is checked against this interface by a test; add a
 * row there when you add a property here.
 */
@ConfigMapping(prefix = "hub")
public interface HubConfig {

    /**
     * Where updates are ordered and kept: {@code memory} (one replica, the default) or {@code redis}
     * (a Redis Stream shared by every replica, so that several replicas act as one hub).
     */
    @WithDefault("memory")
    TransportKind transport();

    /** The Redis transport; the connection itself is set with Quarkus' {@code quarkus.redis.*} keys. */
    Redis redis();

    /**
     * The hub's OAuth 2.0 resource identifier (RFC 9728), e.g.
     * {@code https://hub.example.com/.well-known/mercure}: its public URL. Draft-08 access tokens must
     * name it in {@code aud}; relative topics and URL patterns are resolved against it; the protected
     * resource metadata advertises it. Required in production while draft-08 is on; dev and test
     * profiles set one for their local port.
     */
    Optional<String> resource();

    /** Which drafts of the Mercure protocol the hub speaks; both by default, on one endpoint. */
    Protocol protocol();

    /** Verification of publishers' tokens ({@code POST /.well-known/mercure}). */
    Jwt publisherJwt();

    /** Verification of subscribers' tokens (streams and the subscriptions API). */
    Jwt subscriberJwt();

    /**
     * Whether subscribers without a token may connect. They receive public updates only.
     */
    @WithDefault("false")
    boolean anonymous();

    /**
     * Whether the hub publishes a private {@code Subscription} update when a subscription starts or
     * ends, and serves {@code /.well-known/mercure/subscriptions}. The page's subscriber count
     * comes from these updates. Each connect and disconnect then takes a place in the history.
     */
    @WithDefault("true")
    boolean subscriptions();

    /**
     * Silence after which an open stream receives a {@code : keep-alive} comment, so that proxies
     * and load balancers do not close it. Every write resets the timer.
     */
    @WithDefault("15s")
    Duration heartbeat();

    /** Retained updates, replayed to subscribers that reconnect with {@code Last-Event-ID}. */
    History history();

    /**
     * Events queued for one subscriber that has not yet read them. A subscriber that falls this
     * far behind is disconnected (and logged) instead of slowing others or growing memory.
     */
    @WithDefault("1000")
    @Min(1)
    @Max(1_000_000)
    int subscriberBuffer();

    /** Most topics one update may carry, and most topic selectors one subscription may ask for. */
    @WithDefault("100")
    @Min(1)
    @Max(10_000)
    int maxTopics();

    /** Largest {@code data} of one update, in bytes of UTF-8; a larger one is refused with 413. */
    @WithDefault("1M")
    MemorySize maxUpdateSize();

    /** What subscribers may cost this server: beyond these limits a subscription is refused. */
    Limits limits();

    /**
     * Longest a subscription stream stays open; then it ends and the client reconnects with its last
     * event id (an EventSource does so by itself), presenting its token again. Bounds how long a
     * revoked or narrowed token keeps receiving. Each stream's end is spread over the last tenth of
     * the lifetime so that clients connected together do not all come back at once. Unset: streams
     * end only with their token's {@code exp}.
     */
    Optional<Duration> maxConnectionLifetime();

    /**
     * Origins whose pages may publish with the {@code mercureAuthorization} cookie, e.g.
     * {@code https://app.example.com}. Unset: the origins of {@code hub.cors.origins}. When neither
     * is set, publishing with the cookie is refused: the hub does not take its own origin from the
     * request's {@code Host}, which the client chooses.
     */
    Optional<List<String>> publishOrigins();

    /**
     * Whether the ids the hub generates are random ({@code urn:uuid:} version 4) instead of
     * time-ordered (version 7). Random ids tell nothing about when an update was published or how
     * many were published around it, and cannot be guessed from one another; time-ordered ones sort
     * like the updates, which makes logs and the subscriptions API's {@code lastEventID} easier to
     * read. Ids that publishers choose are kept as they are either way.
     */
    @WithDefault("false")
    boolean opaqueIds();

    /** Cross-origin access for browsers on other origins. */
    Cors cors();

    /** What happens to open streams when the replica shuts down. */
    Drain drain();

    /** The demo stream at {@code /sse/events}. */
    Demo demo();

    /** The debugging UI at {@code /.well-known/mercure/ui/}. */
    Ui ui();

    /** The transports {@code hub.transport} can name. */
    enum TransportKind {
        /** The history in this replica's memory; updates reach this replica's subscribers only. */
        MEMORY,
        /** A Redis Stream shared by every replica. */
        REDIS
    }

    /** Settings of the Redis transport. */
    interface Redis {

        /**
         * Prefix of every Redis key the hub uses, so that several hubs can share one Redis: replicas
         * of one hub use the same prefix, different hubs different ones.
         */
        @WithDefault("sse-hub")
        String keyPrefix();

        /**
         * How long a command may wait for Redis; then publishing answers 503 and the replica counts
         * Redis as unreachable (readiness DOWN) until a command succeeds again.
         */
        @WithDefault("5s")
        Duration timeout();

        /**
         * Redis replicas that must hold an update before publishing answers 200 (Redis' {@code WAIT}),
         * so that it survives the loss of the master if one of them is promoted; fewer in
         * {@code replica-ack-timeout}: 503, and the publisher publishes it again with the same id,
         * which is stored once. 0 waits for none. Not negative.
         */
        @WithDefault("0")
        int minReplicas();

        /**
         * How long a publish waits for the replicas of {@code min-replicas} to acknowledge it; shorter
         * than {@code timeout}, which bounds the whole publish.
         */
        @WithDefault("1s")
        Duration replicaAckTimeout();
    }

    /** The drafts of the Mercure protocol the hub speaks. */
    interface Protocol {

        /**
         * Whether draft-07 requests ({@code topic}, {@code lastEventID}, {@code mercure}-claim tokens,
         * the {@code mercureAuthorization} cookie and {@code authorization} query parameter) are
         * served. Off, they are refused with 400 (or 401 for a token) saying to move to draft-08.
         */
        @WithDefault("true")
        boolean draft07();

        /**
         * Whether draft-08 (Mercure 1.0) requests ({@code match}, {@code match_urlpattern},
         * {@code last_event_id}, RFC 9068 access tokens with {@code authorization_details}) are
         * served. On, {@code hub.resource} is required in production.
         */
        @WithDefault("true")
        boolean draft08();
    }

    /** The keys that verify one role's tokens, and the issuer they belong to. */
    interface Jwt {

        /**
         * The shared secret (HS*) or the PEM public key (RS*, ES256, EdDSA). Required in production
         * unless a JWKS URL is set; dev and test profiles set a clearly labelled development key.
         */
        Optional<String> key();

        /**
         * The signature algorithm tokens signed with {@code key} must use: HS256, HS384, HS512, RS256,
         * RS384, RS512, ES256 or EdDSA.
         */
        @WithDefault("HS256")
        String algorithm();

        /**
         * The issuer ({@code iss}) of this role's draft-08 access tokens, e.g.
         * {@code https://auth.example.com}: {@code key} and the JWKS belong to it, and a draft-08 token
         * naming another issuer is refused. Unset: draft-08 tokens of this role are refused (draft-07
         * tokens carry no issuer the hub checks).
         */
        Optional<String> issuer();

        /**
         * The issuer's JSON Web Key Set (RFC 7517), e.g.
         * {@code https://auth.example.com/.well-known/jwks.json}, for draft-08 access tokens: fetched
         * when first needed, kept as its {@code Cache-Control} says (at least a minute, at most a day),
         * fetched again when a token names a {@code kid} it lacks (at most every 30 s). Needs
         * {@code issuer}.
         */
        Optional<String> jwksUrl();

        /** Algorithms accepted for keys of the JWKS: any of RS256, RS384, RS512, ES256, EdDSA. */
        @WithDefault("RS256,ES256,EdDSA")
        List<String> jwksAlgorithms();

        /** How long fetching the JWKS may take; then tokens that need it are refused (401) until it answers. */
        @WithDefault("5s")
        Duration jwksTimeout();
    }

    /**
     * Bounds on what subscribers may cost. A URI Template's cost is the size of its compiled
     * program, which bounds the work of matching it per character of a topic (a typical template
     * such as {@code https://example.com/books/{id}} costs 35; exact topics and {@code *} cost 0).
     * Beyond a limit a subscription is refused: 400 when it could never be taken, 429 with
     * {@code Retry-After} when it could be once others end.
     */
    interface Limits {

        /**
         * Most open subscriptions of one client address; 0 for no limit. Behind a reverse proxy, let
         * Quarkus read the client's address from the proxy's headers
         * ({@code quarkus.http.proxy.proxy-address-forwarding}), or every client shares the proxy's.
         */
        @WithDefault("1000")
        @Min(0)
        int connectionsPerClient();

        /**
         * Most open subscriptions presenting one token (the same token string); 0 for no limit, the
         * default, since pages commonly share one subscriber token among all their visitors. Beyond
         * it: 429 with {@code Retry-After}.
         */
        @WithDefault("0")
        @Min(0)
        int subscriptionsPerToken();

        /** Most cost of one topic selector. */
        @WithDefault("2048")
        @Min(1)
        int selectorCost();

        /** Most cost of the topic selectors of one subscription together. */
        @WithDefault("8192")
        @Min(1)
        int subscriptionCost();

        /** Most cost of the topic selectors of one client address's open subscriptions together. */
        @WithDefault("32768")
        @Min(1)
        long clientCost();

        /**
         * Most cost of the distinct URI Templates of every open subscription of this server: what
         * matching one update may cost at most. Each distinct template is matched once per update,
         * on a thread of its own, whatever the number of its subscribers.
         */
        @WithDefault("131072")
        @Min(1)
        long hubCost();

        /**
         * Characters of URI Templates the hub has not compiled yet that one client address may send
         * per second (in bursts of four seconds' worth, at least 16384): compiling is the costly part
         * of a new template, and it happens before its cost is known. Templates the hub knows (those
         * other subscribers use) cost nothing here. Beyond it: 429 with {@code Retry-After}.
         */
        @WithDefault("4096")
        @Min(1)
        long clientCompileRate();

        /** The same as {@code client-compile-rate}, for every client together. */
        @WithDefault("32768")
        @Min(1)
        long hubCompileRate();
    }

    /** Bounds of the history. */
    interface History {

        /** Most updates retained; older ones are dropped first. 0 keeps none. */
        @WithDefault("10000")
        @Min(0)
        @Max(10_000_000)
        int size();

        /** Age after which an update leaves the history even if there is room; unset keeps them by count only. */
        Optional<Duration> maxAge();

        /**
         * Memory the in-memory history may take (estimated from the updates' sizes); the oldest
         * updates leave first when it is exceeded, so that large updates cannot exhaust the heap.
         */
        @WithDefault("256M")
        MemorySize maxBytes();
    }

    /** Origins allowed to use the hub from a browser page served elsewhere. */
    interface Cors {

        /**
         * Allowed origins, e.g. {@code https://app.example.com}, comma-separated ({@code *} is refused:
         * credentials are allowed). Unset: only same-origin pages. Credentials (the {@code mercureAuthorization} cookie) are
         * allowed for listed origins.
         */
        Optional<List<String>> origins();
    }

    /** Graceful shutdown of open streams. */
    interface Drain {

        /**
         * Window over which a replica that is shutting down closes its open streams, each at a random
         * moment and after a {@code retry} hint, so that clients reconnect to other replicas spread
         * out rather than all at once. The shutdown waits as long as streams are open, at most this
         * window (not at all when none is), then {@code quarkus.shutdown.timeout} runs: keep the two
         * together below the orchestrator's grace period.
         */
        @WithDefault("10s")
        Duration window();
    }

    /** The debugging UI. */
    interface Ui {

        /**
         * Whether {@code /.well-known/mercure/ui/} serves a page to subscribe, publish and watch the
         * active subscriptions and the hub's figures from a browser. On in dev mode; off in
         * production unless set, since it is an admin tool (it never holds a key: whoever uses it
         * pastes tokens).
         */
        @WithDefault("false")
        boolean enabled();
    }

    /** Settings of the demo clock and chat. */
    interface Demo {

        /** Period of the shared demo clock whose ticks every {@code /sse/events} subscriber receives. */
        @WithDefault("1s")
        Duration tick();
    }
}
