package dev.ssehub.protocol;

import java.util.Map;

import dev.ssehub.auth.Claims;
import dev.ssehub.auth.InvalidTokenException;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

/**
 * Finds the token of a request the way Mercure defines: the {@code Authorization: Bearer} header,
 * else the {@code authorization} query parameter, else the {@code mercureAuthorization} cookie.
 */
final class TokenLookup {

    /** The query parameter that may carry a token. */
    static final String QUERY_PARAMETER = "authorization";
    /** The cookie that may carry a token. */
    static final String COOKIE = "mercureAuthorization";

    private static final String BEARER = "Bearer ";

    /** Where a token came from. */
    enum Source { HEADER, QUERY, COOKIE }

    /**
     * A token and where it came from.
     *
     * @param value  the compact JWS
     * @param source where it was found
     */
    record Token(String value, Source source) {
    }

    private TokenLookup() {
    }

    /**
     * The token of a request, or {@code null} if it carries none.
     *
     * @param header the {@code Authorization} header, or {@code null}
     * @param query  the {@code authorization} query parameter, or {@code null}
     * @param cookie the {@code mercureAuthorization} cookie value, or {@code null}
     * @throws ProblemException 401 if the header is present but not a bearer token
     */
    static Token find(String header, String query, String cookie) {
        if (header != null) {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.substring(BEARER.length()).isBlank()) {
                throw unauthorized("the Authorization header must be 'Bearer <JWS>'");
            }
            return new Token(header.substring(BEARER.length()).strip(), Source.HEADER);
        }
        if (query != null && !query.isEmpty()) {
            return new Token(query, Source.QUERY);
        }
        if (cookie != null && !cookie.isEmpty()) {
            return new Token(cookie, Source.COOKIE);
        }
        return null;
    }

    /** One of the hub's verifiers, e.g. {@code HubTokens::verifyPublisher}. */
    @FunctionalInterface
    interface Verifier {
        Claims verify(String token) throws InvalidTokenException;
    }

    /**
     * The claims of {@code token}, verified with {@code verifier}.
     *
     * @throws ProblemException 401 if the token is refused, saying why
     */
    static Claims verify(Token token, Verifier verifier) {
        try {
            return verifier.verify(token.value());
        } catch (InvalidTokenException e) {
            throw unauthorized(e.getMessage());
        }
    }

    /**
     * A 401 problem with the {@code WWW-Authenticate} challenge of RFC 6750. The challenge is fixed
     * text: why the token was refused may quote the token's claims, which go in the body (JSON
     * escapes them) and never in a header.
     */
    static ProblemException unauthorized(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, 401, detail,
                Map.of("WWW-Authenticate", "Bearer realm=\"mercure\", error=\"invalid_token\""));
    }

    /** A 401 problem for a request that needs a token and has none. */
    static ProblemException missing(String what) {
        return new ProblemException(ProblemType.UNAUTHORIZED, 401, what + " needs a token: send 'Authorization: Bearer "
                + "<JWS>', the 'authorization' query parameter or the 'mercureAuthorization' cookie",
                Map.of("WWW-Authenticate", "Bearer realm=\"mercure\""));
    }
}
