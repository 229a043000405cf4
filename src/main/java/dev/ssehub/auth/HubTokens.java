package dev.ssehub.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

import dev.ssehub.config.HubConfig;
import dev.ssehub.hub.topic.Matcher;
import dev.ssehub.hub.topic.SelectorCache;
import dev.ssehub.hub.topic.TopicSelector;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;

/**
 * The hub's token verifiers, one per role (publisher, subscriber) and draft, built at start from
 * {@code hub.publisher-jwt.*}, {@code hub.subscriber-jwt.*}, {@code hub.resource} and
 * {@code hub.protocol.*}, and the rules that read what tokens grant. A token with header
 * {@code typ: at+jwt} or an {@code authorization_details} claim is a draft-08 access token, any
 * other a draft-07 one. Starting without what a role needs fails with a message naming the missing
 * key. Thread-safe.
 */
// Before the hub and everything else of the default priority: a missing key stops the start before
// anything says it started.
@Startup(1000)
@ApplicationScoped
public class HubTokens {

    /** One role's verifiers; either may be {@code null} (that draft's tokens are refused). */
    private record Role(String name, TokenVerifier draft07, AccessTokenVerifier draft08) {
    }

    /**
     * What the verifiers are built from: {@code hub.resource}, {@code hub.protocol.*},
     * {@code hub.anonymous} and each role's keys.
     *
     * @param resource the hub's resource identifier, or {@code null}
     */
    record Settings(boolean draft07, boolean draft08, String resource, boolean anonymous, RoleKeys publisher,
            RoleKeys subscriber) {

        static Settings of(HubConfig config) {
            return new Settings(config.protocol().draft07(), config.protocol().draft08(), config.resource().orElse(null),
                    config.anonymous(), RoleKeys.of(config.publisherJwt()), RoleKeys.of(config.subscriberJwt()));
        }
    }

    /**
     * One role's keys ({@code hub.<role>-jwt.*}); absent values are {@code null}.
     *
     * @param jwksAlgorithms algorithms allowed with keys of the JWKS
     */
    record RoleKeys(String key, String algorithm, String issuer, String jwksUrl, List<String> jwksAlgorithms,
            Duration jwksTimeout) {

        static RoleKeys of(HubConfig.Jwt jwt) {
            return new RoleKeys(blankToNull(jwt.key().orElse(null)), jwt.algorithm(), blankToNull(jwt.issuer().orElse(null)),
                    blankToNull(jwt.jwksUrl().orElse(null)), jwt.jwksAlgorithms(), jwt.jwksTimeout());
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    private final Role publisher;
    private final Role subscriber;
    private final boolean draft07;
    private final boolean draft08;
    private final String resource;
    // Tokens' matchers recur from one request to the next: compiled once, kept apart from subscribers'.
    private final SelectorCache selectors;
    private final JwtConsumer peek = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
            .setSkipSignatureVerification().build();

    @Inject
    HubTokens(HubConfig config) {
        this(Settings.of(config));
    }

    /** @throws ConfigurationException naming the key to set or change */
    HubTokens(Settings settings) {
        this.draft07 = settings.draft07();
        this.draft08 = settings.draft08();
        if (!draft07 && !draft08) {
            throw new ConfigurationException("hub.protocol.draft07 and hub.protocol.draft08 are both false: the hub "
                    + "would refuse every request; turn one on");
        }
        // The keys first: without them nothing works, whichever draft.
        requireKeys("publisher", settings.publisher(), true);
        requireKeys("subscriber", settings.subscriber(), !settings.anonymous());
        this.resource = draft08 ? resource(settings.resource()) : settings.resource();
        this.selectors = new SelectorCache(resource);
        ExecutorService jwksExecutor = settings.publisher().jwksUrl() != null || settings.subscriber().jwksUrl() != null
                ? Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "sse-hub-jwks");
                    thread.setDaemon(true);
                    return thread;
                }) : null;
        this.publisher = role("publisher", settings.publisher(), jwksExecutor);
        this.subscriber = role("subscriber", settings.subscriber(), jwksExecutor);
    }

    /** The hub's resource identifier ({@code hub.resource}), or {@code null} when unset (draft-08 off). */
    public String resource() {
        return resource;
    }

    /** Verifies a publisher's token; the {@link Uni} fails with {@link InvalidTokenException} saying why it is refused. */
    public Uni<Claims> verifyPublisher(String token) {
        return verify(publisher, token);
    }

    /** Verifies a subscriber's token; the {@link Uni} fails with {@link InvalidTokenException} saying why it is refused. */
    public Uni<Claims> verifySubscriber(String token) {
        return verify(subscriber, token);
    }

    /**
     * Which draft {@code token} follows, without verifying it: draft-08 for an access token, else
     * draft-07 (a malformed token included).
     */
    public Claims.Kind kindOf(String token) {
        Claims.Kind kind = peekKind(token);
        return kind == null ? Claims.Kind.DRAFT07 : kind;
    }

    /** As {@link #kindOf}, {@code null} for a token that is not a compact JWS with a JSON claims set. */
    private Claims.Kind peekKind(String token) {
        try {
            JwtContext context = peek.process(token);
            if (isAccessTokenType(context.getJoseObjects().get(0).getHeader("typ"))) {
                return Claims.Kind.DRAFT08;
            }
            return context.getJwtClaims().hasClaim("authorization_details") ? Claims.Kind.DRAFT08 : Claims.Kind.DRAFT07;
        } catch (InvalidJwtException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code type} (a header's {@code typ}) is that of an RFC 9068 access token, compared as RFC 7515 says. */
    static boolean isAccessTokenType(String type) {
        return type != null && (type.equalsIgnoreCase("at+jwt") || type.equalsIgnoreCase("application/at+jwt"));
    }

    private Uni<Claims> verify(Role role, String token) {
        Claims.Kind kind = peekKind(token);
        if (kind == null) {
            return refuse("the token is not a compact JWS (three base64url parts separated by dots) with a JSON "
                    + "claims set");
        }
        if (kind == Claims.Kind.DRAFT08) {
            if (!draft08) {
                return refuse("draft-08 access tokens are off on this hub (hub.protocol.draft08=false); present a "
                        + "draft-07 token with a mercure claim");
            }
            if (role.draft08() == null) {
                return refuse("this hub trusts no issuer of " + role.name() + " access tokens (hub." + role.name()
                        + "-jwt.issuer is not set)");
            }
            return Uni.createFrom().completionStage(() -> role.draft08().verify(token))
                    .onFailure().transform(HubTokens::unwrap);
        }
        if (!draft07) {
            return refuse("draft-07 tokens (with a mercure claim) are off on this hub (hub.protocol.draft07=false); "
                    + "present an RFC 9068 access token (typ at+jwt) with authorization_details");
        }
        if (role.draft07() == null) {
            return refuse(role == subscriber ? "this hub has no subscriber key (hub.subscriber-jwt.key), so it cannot "
                    + "verify draft-07 tokens; subscribe without one to receive public updates"
                    : "this hub has no publisher key for draft-07 tokens (hub.publisher-jwt.key)");
        }
        return Uni.createFrom().item(() -> {
            try {
                return role.draft07().verify(token);
            } catch (InvalidTokenException e) {
                throw new AccessTokenVerifier.CompletionFailure(e);
            }
        }).onFailure().transform(HubTokens::unwrap);
    }

    private static Uni<Claims> refuse(String detail) {
        return Uni.createFrom().failure(new InvalidTokenException(detail));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof AccessTokenVerifier.CompletionFailure)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Whether {@code claims} allow publishing to every one of {@code topics}. */
    public boolean canPublish(Claims claims, List<String> topics) {
        if (claims.publish() == null) {
            return false;
        }
        List<TopicSelector> allowed = compile(claims.publish());
        return topics.stream().allMatch(topic -> allowed.stream().anyMatch(selector -> selector.matches(topic)));
    }

    /** Whether {@code claims} allow receiving private updates of {@code topic}. */
    public boolean canSubscribe(Claims claims, String topic) {
        return claims.subscribe() != null && compile(claims.subscribe()).stream().anyMatch(selector -> selector.matches(topic));
    }

    /**
     * The payload {@code claims} attach to a subscription to {@code subscription}: that of the first
     * subscribe grant one of whose matchers matches the subscription's own matcher text; {@code null}
     * if none matches or the first that does has no payload.
     */
    public Object payloadFor(Claims claims, Matcher subscription) {
        for (Claims.PayloadGrant grant : claims.payloads()) {
            for (TopicSelector selector : compile(grant.topics())) {
                if (selector.matches(subscription.value())) {
                    return grant.payload();
                }
            }
        }
        return null;
    }

    private List<TopicSelector> compile(List<Matcher> matchers) {
        return matchers.stream().map(selectors::getOrNull).filter(Objects::nonNull).toList();
    }

    /** Why {@code matcher} of a token is invalid, for a person; {@code null} when it is valid. */
    private String matcherProblem(Matcher matcher) {
        for (int i = 0; i < matcher.value().length(); i++) {
            char c = matcher.value().charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                return "it holds a control character at index " + i;
            }
        }
        try {
            selectors.get(matcher);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** An identifier of {@code token} that reveals nothing of it: the start of its SHA-256, base64url. */
    static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String resource(String configured) {
        String value = configured == null ? "" : configured.strip();
        if (value.isEmpty()) {
            throw new ConfigurationException("hub.resource is not set: draft-08 access tokens name the hub they are "
                    + "for in aud; set it (env HUB_RESOURCE) to the hub's public URL, e.g. "
                    + "https://hub.example.com/.well-known/mercure, or turn draft-08 off with hub.protocol.draft08=false");
        }
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getHost() == null || !("https".equals(uri.getScheme())
                    || "http".equals(uri.getScheme())) || uri.getFragment() != null) {
                throw new java.net.URISyntaxException(value, "not an absolute http(s) URL without a fragment");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigurationException("hub.resource (" + value + ") must be the hub's absolute URL, e.g. "
                    + "https://hub.example.com/.well-known/mercure");
        }
        return value;
    }

    // A ConfigurationException: Quarkus prints its message alone, one line, and exits non-zero.
    private void requireKeys(String name, RoleKeys jwt, boolean required) {
        String prefix = "hub." + name + "-jwt";
        if (jwt.jwksUrl() != null && jwt.issuer() == null) {
            throw new ConfigurationException(prefix + ".jwks-url is set without " + prefix + ".issuer: a key set belongs "
                    + "to one issuer; set " + prefix + ".issuer to the iss its tokens carry");
        }
        if (required && !draft07 && jwt.issuer() == null) {
            throw new ConfigurationException(prefix + ".issuer is not set: with draft-07 off "
                    + "(hub.protocol.draft07=false) only draft-08 access tokens are accepted, and they are verified "
                    + "for their issuer; set it (env " + prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
                    + "_ISSUER) to the iss of this role's tokens");
        }
        if (required && jwt.key() == null && !(draft08 && jwt.jwksUrl() != null)) {
            throw new ConfigurationException(prefix + ".key is not set, so the hub cannot verify tokens: set it (env "
                    + prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + "_KEY) to the shared secret "
                    + "for HS256, or to the PEM public key with " + prefix + ".algorithm=RS256, ES256 or EdDSA"
                    + (draft08 ? "; or set " + prefix + ".issuer and " + prefix + ".jwks-url for draft-08 access tokens"
                            : ""));
        }
    }

    private Role role(String name, RoleKeys jwt, ExecutorService jwksExecutor) {
        String prefix = "hub." + name + "-jwt";
        String key = jwt.key();
        String issuer = jwt.issuer();
        String jwksUrl = jwt.jwksUrl();
        if (key == null && !(draft08 && jwksUrl != null)) {
            // Not required (requireKeys said so): this role's tokens are refused.
            return new Role(name, null, null);
        }
        try {
            String algorithm = Keys.algorithm(jwt.algorithm(), prefix + ".algorithm");
            TokenVerifier legacy = draft07 && key != null ? new TokenVerifier(key, algorithm, prefix + ".key") : null;
            AccessTokenVerifier access = null;
            if (draft08 && issuer != null) {
                List<String> jwksAlgorithms = jwt.jwksAlgorithms().stream()
                        .map(value -> Keys.algorithm(value, prefix + ".jwks-algorithms")).toList();
                if (jwksAlgorithms.stream().anyMatch(value -> value.startsWith("HS"))) {
                    throw new IllegalArgumentException(prefix + ".jwks-algorithms must not list HS* algorithms: a key set "
                            + "holds public keys");
                }
                access = new AccessTokenVerifier(issuer, resource, key == null ? null : algorithm,
                        key == null ? null : Keys.key(key, algorithm, prefix + ".key"),
                        jwksUrl == null ? null : new JwksKeys(jwksUrl, jwt.jwksTimeout(), jwksExecutor), jwksAlgorithms,
                        this::matcherProblem);
            }
            return new Role(name, legacy, access);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
