package dev.ssehub.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import dev.ssehub.hub.topic.Matcher;

/**
 * Verifies draft-07 tokens: compact JWS signed with one key and one algorithm, read for their
 * {@code mercure} claim; {@code exp} is enforced when present, as draft-07 says. Only the
 * configured algorithm is accepted, so a token cannot pick a weaker one (or {@code none}).
 * Immutable and thread-safe.
 */
public final class TokenVerifier {

    /** 9999-12-31T23:59:59Z, the latest date a token may carry. */
    private static final long LATEST_DATE_SECONDS = 253_402_300_799L;

    private final String algorithm;
    private final JwtConsumer consumer;

    /**
     * @param key       the shared secret for HS*, or a PEM (or bare base64 DER) public key otherwise
     * @param algorithm one of the algorithms a configured key may be for (HS256 … EdDSA)
     * @param keyName   the configuration key it came from, named in error messages
     * @throws IllegalArgumentException if the algorithm is unknown or the key unusable with it
     */
    public TokenVerifier(String key, String algorithm, String keyName) {
        this.algorithm = Keys.algorithm(algorithm, keyName);
        this.consumer = new JwtConsumerBuilder()
                .setVerificationKey(Keys.key(key, this.algorithm, keyName))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, this.algorithm)
                .setSkipDefaultAudienceValidation()
                .setAllowedClockSkewInSeconds(0)
                .build();
    }

    /** The algorithm tokens must be signed with. */
    public String algorithm() {
        return algorithm;
    }

    /**
     * What {@code token} grants if it is a well-formed JWS signed with this key and algorithm, not
     * expired and not before its {@code nbf}.
     *
     * @throws InvalidTokenException otherwise, saying why
     */
    public Claims verify(String token) throws InvalidTokenException {
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(describe(e, algorithm));
        }
        Instant expiresAt = requireDates(claims);
        Object mercure = claims.getClaimValue("mercure");
        if (mercure != null && !(mercure instanceof Map)) {
            throw new InvalidTokenException("the token's mercure claim must be a JSON object");
        }
        Map<?, ?> values = mercure == null ? Map.of() : (Map<?, ?>) mercure;
        Object payload = values.get("payload");
        List<Claims.PayloadGrant> payloads = payload == null ? List.of()
                : List.of(new Claims.PayloadGrant(List.of(Matcher.selector("*")), payload));
        return new Claims(Claims.Kind.DRAFT07, selectors(values, "publish"), selectors(values, "subscribe"), payloads,
                expiresAt, HubTokens.fingerprint(token));
    }

    /**
     * Checks that {@code exp}, {@code nbf} and {@code iat} are NumericDates of this world, and
     * returns {@code exp} ({@code null} when absent).
     */
    static Instant requireDates(JwtClaims claims) throws InvalidTokenException {
        for (String date : List.of("exp", "nbf", "iat")) {
            requireNumericDate(claims, date);
        }
        try {
            NumericDate exp = claims.getExpirationTime();
            return exp == null ? null : Instant.ofEpochSecond(exp.getValue());
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("the token has a malformed claim: exp, nbf and iat must be numbers of seconds");
        }
    }

    // jose4j reads any JSON number as a date, and turns one too large for a long into the largest long,
    // which no Instant holds: refuse what is not a date of this world rather than fail on it later.
    private static void requireNumericDate(JwtClaims claims, String name) throws InvalidTokenException {
        Object value = claims.getClaimValue(name);
        if (value == null) {
            return;
        }
        double seconds = value instanceof Number number ? number.doubleValue() : Double.NaN;
        if (!(seconds >= 0 && seconds <= LATEST_DATE_SECONDS)) {
            throw new InvalidTokenException("the token's " + name + " claim must be a NumericDate: a number of "
                    + "seconds since 1970-01-01T00:00:00Z, at most " + LATEST_DATE_SECONDS + " (year 9999)");
        }
    }

    private static List<Matcher> selectors(Map<?, ?> mercure, String name) throws InvalidTokenException {
        Object value = mercure.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidTokenException("the token's mercure." + name + " claim must be an array of strings");
        }
        List<Matcher> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String selector)) {
                throw new InvalidTokenException("the token's mercure." + name + " claim must be an array of strings");
            }
            out.add(Matcher.selector(selector));
        }
        return out;
    }

    /**
     * Why jose4j refused a token, for a person; never quotes the token or its claims.
     *
     * @param algorithms the algorithms the token may use, as a person reads them
     */
    static String describe(InvalidJwtException e, String algorithms) {
        if (e.hasExpired()) {
            try {
                return "the token expired at " + Instant.ofEpochSecond(e.getJwtContext().getJwtClaims()
                        .getExpirationTime().getValue()) + "; get a fresh one";
            } catch (MalformedClaimException | RuntimeException ignored) {
                return "the token expired; get a fresh one";
            }
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "the token's signature does not verify with this hub's key";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "the token is not valid yet (nbf is in the future)";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("algorithm")) {
            return "the token must be signed with " + algorithms;
        }
        if (e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM)) {
            return "the token has a malformed claim: exp, nbf and iat must be numbers of seconds, iss, sub and jti "
                    + "strings, aud a string or an array of strings";
        }
        // jose4j's messages quote the token and its claims: never pass them on, not even in a body.
        if (e.hasErrorCode(ErrorCodes.JSON_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)
                || e.hasErrorCode(ErrorCodes.MISCELLANEOUS) || e.getJwtContext() == null) {
            return "the token is not a compact JWS (three base64url parts separated by dots) with a JSON claims set";
        }
        return e.getErrorDetails().isEmpty() ? "the token was refused"
                : "the token was refused (JWT check " + e.getErrorDetails().get(0).getErrorCode() + " failed)";
    }
}
