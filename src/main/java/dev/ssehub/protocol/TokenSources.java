package dev.ssehub.protocol;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.ssehub.ops.ApiDocs;

/**
 * The places a request to a JAX-RS endpoint of the hub may carry its token, read by
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

    @CookieParam(TokenLookup.ACCESS_TOKEN_COOKIE)
    @Parameter(description = ApiDocs.ACCESS_TOKEN_COOKIE_PARAMETER)
    String accessCookie;

    /** The places, as {@link TokenLookup} reads them. */
    TokenLookup.Sources sources() {
        return new TokenLookup.Sources(header, query, cookie, accessCookie);
    }
}
