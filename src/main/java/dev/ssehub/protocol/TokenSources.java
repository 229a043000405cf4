package dev.ssehub.protocol;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.ssehub.ops.ApiDocs;

/**
 * The three places a request to a JAX-RS endpoint of the hub may carry its token, read by
 * {@link TokenLookup#find}. A {@code @BeanParam}: one declaration for every endpoint that takes a
 * token.
 */
public class TokenSources {

    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String header;

    @QueryParam(TokenLookup.QUERY_PARAMETER)
    @Parameter(description = ApiDocs.QUERY_TOKEN_PARAMETER)
    String query;

    @CookieParam(TokenLookup.COOKIE)
    @Parameter(description = ApiDocs.COOKIE_TOKEN_PARAMETER)
    String cookie;

    /** The request's token, or {@code null}; 401 for an Authorization header that is not a bearer token. */
    TokenLookup.Token find() {
        return TokenLookup.find(header, query, cookie);
    }
}
