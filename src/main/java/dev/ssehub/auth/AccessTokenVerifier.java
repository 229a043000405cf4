package dev.ssehub.auth;

import java.security.Key;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import dev.ssehub.hub.topic.Matcher;

/**
 * Verifies draft-08 access tokens of one role (RFC 9068 as draft-08 profiles it): header
 * {@code typ} {@code at+jwt}; signed by the role's issuer, with the configured key and algorithm or
 * a key of the issuer's JWKS and an allowed algorithm, never a key the token brings; {@code iss}
 * that issuer; {@code aud} holding the hub's resource identifier; {@code exp} present and not past;
 * {@code nbf} not future; then reads {@code authorization_details}. Thread-safe.
 */
final class AccessTokenVerifier {

    private final String issuer;
    private final String resource;
    private final String staticAlgorithm;
    private final Key staticKey;
    private final JwksKeys jwks;
    private final Set<String> jwksAlgorithms;
    private final JwtConsumer peek;
    private final JwtConsumer consumer;
    private final Set<String> allowed;
    private final String algorithmsText;
    private final Function<Matcher, String> matcherProblem;

    /**
     * @param issuer          the role's issuer: the {@code iss} tokens must carry
     * @param resource        the hub's resource identifier: {@code aud} must hold it
     * @param staticAlgorithm the algorithm of {@code staticKey}, or {@code null} without one
     * @param staticKey       the configured key, or {@code null}
     * @param jwks            the issuer's key set, or {@code null}
     * @param jwksAlgorithms  the algorithms allowed with keys of {@code jwks}
     * @param matcherProblem  why a matcher of the token is not valid, or {@code null} when it is
     */
    AccessTokenVerifier(String issuer, String resource, String staticAlgorithm, Key staticKey, JwksKeys jwks,
            List<String> jwksAlgorithms, Function<Matcher, String> matcherProblem) {
        this.issuer = issuer;
        this.resource = resource;
        this.staticAlgorithm = staticAlgorithm;
        this.staticKey = staticKey;
        this.jwks = jwks;
        this.jwksAlgorithms = jwks == null ? Set.of() : Set.copyOf(jwksAlgorithms);
        this.matcherProblem = matcherProblem;
        Set<String> allowed = new LinkedHashSet<>();
        if (staticKey != null) {
            allowed.add(staticAlgorithm);
        }
        allowed.addAll(this.jwksAlgorithms);
        this.allowed = Set.copyOf(allowed);
        this.algorithmsText = String.join(" or ", allowed);
        this.peek = new JwtConsumerBuilder()
                .setSkipAllValidators()
                .setDisableRequireSignature()
                .setSkipSignatureVerification()
                .build();
        this.consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(this::resolve)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, allowed.toArray(String[]::new))
                .setExpectedType(true, "at+jwt")
                .setRequireExpirationTime()
                .setExpectedIssuer(true, issuer)
                .setExpectedAudience(true, resource)
                .setAllowedClockSkewInSeconds(0)
                .build();
    }

    /** The issuer this verifier trusts. */
    String issuer() {
        return issuer;
    }

    /**
     * What {@code token} grants, once its key is at hand (fetching the issuer's key set when needed,
     * off the calling thread); fails with {@link InvalidTokenException} saying why it is refused.
     */
    CompletionStage<Claims> verify(String token) {
        JwtContext context;
        try {
            context = peek.process(token);
        } catch (InvalidJwtException e) {
            return failed(new InvalidTokenException(TokenVerifier.describe(e, algorithmsText)));
        }
        JsonWebSignature jws = (JsonWebSignature) context.getJoseObjects().get(0);
        String algorithm = jws.getAlgorithmHeaderValue();
        if (!HubTokens.isAccessTokenType(jws.getHeader("typ"))) {
            return failed(new InvalidTokenException("the token's header must have typ at+jwt (an RFC 9068 access "
                    + "token)"));
        }
        Object tokenIssuer = context.getJwtClaims().getClaimValue("iss");
        if (!issuer.equals(tokenIssuer)) {
            return failed(new InvalidTokenException(tokenIssuer == null ? "the token has no iss claim; this hub's "
                    + "access tokens come from " + issuer
                    : "the token's issuer is not the one this hub trusts for this role (" + issuer + ")"));
        }
        if (!allowed.contains(algorithm)) {
            return failed(new InvalidTokenException("the token must be signed with " + algorithmsText));
        }
        if (staticKey != null && staticAlgorithm.equals(algorithm) || jwks == null
                || !jwksAlgorithms.contains(algorithm)) {
            return CompletableFuture.completedFuture(null).thenApply(ignored -> check(token));
        }
        return jwks.keys(false).thenCompose(keys -> select(jws, keys) != null ? CompletableFuture.completedFuture(keys)
                : jwks.keys(true)).handle((keys, failure) -> {
                    if (failure != null) {
                        throw new CompletionFailure(new InvalidTokenException("the token cannot be verified now: "
                                + "the key set of its issuer cannot be fetched; retry later"));
                    }
                    return check(token);
                });
    }

    private Claims check(String token) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            var expiresAt = TokenVerifier.requireDates(claims);
            AuthorizationDetails.Grants grants = AuthorizationDetails.read(claims.getClaimValue("authorization_details"),
                    matcherProblem);
            return new Claims(Claims.Kind.DRAFT08, grants.publish(), grants.subscribe(), grants.payloads(), expiresAt,
                    HubTokens.fingerprint(token));
        } catch (InvalidJwtException e) {
            throw new CompletionFailure(new InvalidTokenException(describe(e)));
        } catch (InvalidTokenException e) {
            throw new CompletionFailure(e);
        }
    }

    private String describe(InvalidJwtException e) {
        if (e.hasErrorCode(ErrorCodes.TYPE_INVALID) || e.hasErrorCode(ErrorCodes.TYPE_MISSING)) {
            return "the token's header must have typ at+jwt (an RFC 9068 access token)";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "the token has no exp claim; access tokens must expire";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING) || e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)) {
            return "the token's aud must hold this hub's resource identifier, " + resource;
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_MISSING) || e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) {
            return "the token's iss must be " + issuer;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e.getCause() instanceof UnresolvableKeyException || message.contains("Unable to find a suitable verification key")) {
            return "the token's signing key is not one of its issuer's keys";
        }
        return TokenVerifier.describe(e, algorithmsText);
    }

    private Key resolve(JsonWebSignature jws, List<?> nesting) throws UnresolvableKeyException {
        String algorithm = jws.getAlgorithmHeaderValue();
        if (staticKey != null && staticAlgorithm.equals(algorithm)) {
            return staticKey;
        }
        if (jwks != null && jwksAlgorithms.contains(algorithm)) {
            JsonWebKey key = select(jws, jwks.current());
            if (key != null) {
                return key.getKey();
            }
        }
        throw new UnresolvableKeyException("Unable to find a suitable verification key");
    }

    private static JsonWebKey select(JsonWebSignature jws, List<JsonWebKey> keys) {
        try {
            return new VerificationJwkSelector().select(jws, new ArrayList<>(keys));
        } catch (JoseException e) {
            return null;
        }
    }

    private static <T> CompletionStage<T> failed(InvalidTokenException e) {
        return CompletableFuture.failedFuture(e);
    }

    /** Carries an {@link InvalidTokenException} through a completion stage; unwrapped by {@link HubTokens}. */
    static final class CompletionFailure extends RuntimeException {

        CompletionFailure(InvalidTokenException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
