package dev.ssehub.protocol;

import java.util.Map;
import java.util.function.Function;

import dev.ssehub.auth.Claims;
import dev.ssehub.auth.HubTokens;
import dev.ssehub.auth.InvalidTokenException;
import dev.ssehub.hub.Draft;
import dev.ssehub.problem.ProblemException;
import dev.ssehub.problem.ProblemType;

import io.smallrye.mutiny.Uni;

/**
 * Finds the token of a request, and answers the failures around tokens, the way each draft
 * defines. The {@code Authorization: Bearer} header always comes first (a cookie beside it is
 * ignored: browsers attach cookies on their own). Then, for draft-08, the
 * {@code __Secure-mercure_access_token} cookie; for draft-07, the {@code authorization} query
 * parameter, then the {@code mercureAuthorization} cookie. Draft-08 takes no token in the URL.
 */
final class TokenLookup {

    /** The draft-07 query parameter that may carry a token. */
    static final String QUERY_PARAMETER = "authorization";
    /** The draft-07 cookie that may carry a token. */
    static final String COOKIE = "mercureAuthorization";
    /** The draft-08 cookie that may carry a token. */
    static final String ACCESS_TOKEN_COOKIE = "__Secure-mercure_access_token";

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

    /**
     * The places a request may carry its token.
     *
     * @param header       the {@code Authorization} header, or {@code null}
     * @param query        the {@code authorization} query parameter, or {@code null}
     * @param cookie       the {@code mercureAuthorization} cookie value, or {@code null}
     * @param accessCookie the {@code __Secure-mercure_access_token} cookie value, or {@code null}
     */
    record Sources(String header, String query, String cookie, String accessCookie) {
    }

    private TokenLookup() {
    }

    /**
     * The token of a request, or {@code null} if it carries none.
     *
     * @param draft the request's draft, or {@code null} when nothing but its token tells (publishing,
     *              the subscriptions API): a draft-08 cookie is then looked at before a draft-07 one
     * @throws ProblemException 401 if the header is present but not a bearer token; 400 for a token
     *                          in the URL of a draft-08 request
     */
    static Token find(Sources sources, Draft draft, HubTokens tokens) {
        String header = sources.header();
        if (header != null) {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.substring(BEARER.length()).isBlank()) {
                throw new ProblemException(ProblemType.UNAUTHORIZED, 401, "the Authorization header must be "
                        + "'Bearer <JWS>'", challenge(tokens, "invalid_request"));
            }
            return new Token(header.substring(BEARER.length()).strip(), Source.HEADER);
        }
        boolean query = sources.query() != null && !sources.query().isEmpty();
        if (draft == Draft.DRAFT08 && query) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, 400, "draft-08 takes no token in the URL (the "
                    + "authorization query parameter): send 'Authorization: Bearer <token>' or the "
                    + ACCESS_TOKEN_COOKIE + " cookie", challenge(tokens, "invalid_request"));
        }
        if (query) {
            return new Token(sources.query(), Source.QUERY);
        }
        if (draft != Draft.DRAFT07 && present(sources.accessCookie())) {
            return new Token(sources.accessCookie(), Source.COOKIE);
        }
        if (draft != Draft.DRAFT08 && present(sources.cookie())) {
            return new Token(sources.cookie(), Source.COOKIE);
        }
        return null;
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    /**
     * What {@code token} grants, verified with {@code verifier}; a draft-08 request needs a draft-08
     * token and a draft-07 request a draft-07 one.
     *
     * @param draft the request's draft, or {@code null} when the token decides
     * @return fails with a 401 {@link ProblemException} if the token is refused, saying why
     */
    static Uni<Claims> verify(Token token, Function<String, Uni<Claims>> verifier, Draft draft, HubTokens tokens) {
        if (draft != null) {
            Claims.Kind kind = tokens.kindOf(token.value());
            if (draft == Draft.DRAFT08 && kind != Claims.Kind.DRAFT08) {
                return Uni.createFrom().failure(unauthorized("draft-08 requests (match, last_event_id) take an RFC 9068 "
                        + "access token (typ at+jwt, with authorization_details); this one is a draft-07 token", tokens));
            }
            if (draft == Draft.DRAFT07 && kind != Claims.Kind.DRAFT07) {
                return Uni.createFrom().failure(unauthorized("draft-07 requests (topic, lastEventID) take a token with "
                        + "a mercure claim; this one is a draft-08 access token: subscribe with match= instead of topic=",
                        tokens));
            }
        }
        return verifier.apply(token.value()).onFailure(InvalidTokenException.class)
                .transform(failure -> unauthorized(failure.getMessage(), tokens));
    }

    /**
     * A 401 problem with the {@code WWW-Authenticate} challenge of RFC 6750 ({@code invalid_token}).
     * The challenge is fixed text: why the token was refused may quote the token's claims, which go
     * in the body (JSON escapes them) and never in a header.
     */
    static ProblemException unauthorized(String detail, HubTokens tokens) {
        return new ProblemException(ProblemType.UNAUTHORIZED, 401, detail, challenge(tokens, "invalid_token"));
    }

    /** A 403 problem: the token is valid but does not grant what was asked ({@code insufficient_scope}). */
    static ProblemException forbidden(String detail, HubTokens tokens) {
        return new ProblemException(ProblemType.FORBIDDEN, 403, detail, challenge(tokens, "insufficient_scope"));
    }

    /** A 401 problem for a request that needs a token and has none: a challenge without an error code. */
    static ProblemException missing(String what, HubTokens tokens) {
        return new ProblemException(ProblemType.UNAUTHORIZED, 401, what + " needs a token: send 'Authorization: Bearer "
                + "<token>'; browsers may use the " + ACCESS_TOKEN_COOKIE + " cookie (draft-08), or the " + COOKIE
                + " cookie or the authorization query parameter (draft-07)", challenge(tokens, null));
    }

    /**
     * The {@code WWW-Authenticate} header of a token failure: RFC 6750's {@code Bearer} challenge,
     * with the {@code error} code when there is one and, when the hub speaks draft-08, where its
     * protected resource metadata is (RFC 9728).
     */
    static Map<String, String> challenge(HubTokens tokens, String error) {
        StringBuilder value = new StringBuilder("Bearer realm=\"mercure\"");
        if (error != null) {
            value.append(", error=\"").append(error).append('"');
        }
        String metadata = ProtectedResourceMetadata.url(tokens.resource());
        if (metadata != null) {
            value.append(", resource_metadata=\"").append(metadata).append('"');
        }
        return Map.of("WWW-Authenticate", value.toString());
    }
}
