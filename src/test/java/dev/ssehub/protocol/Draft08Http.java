package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.accepted;
import static dev.ssehub.protocol.MercureHttp.encode;
import static dev.ssehub.protocol.MercureHttp.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import dev.ssehub.support.AccessTokens;
import dev.ssehub.support.SseRequestStream;
import dev.ssehub.support.SseTestClient;

/**
 * Draft-08 (Mercure 1.0) from a client's side, beside {@link MercureHttp}: subscribe URLs built from
 * {@code match*} parameters, {@code QUERY} subscriptions, and the {@code WWW-Authenticate} challenges
 * of RFC 6750 as the test profile's hub sends them.
 */
final class Draft08Http {

    /** Where the test profile's hub says its protected resource metadata is (RFC 9728, from {@code hub.resource}). */
    static final String METADATA_URL = "http://127.0.0.1/.well-known/oauth-protected-resource/.well-known/mercure";
    /** The draft-08 cookie that carries an access token. */
    static final String ACCESS_COOKIE = "__Secure-mercure_access_token";
    /** The response field of draft-08 reconciliation. */
    static final String MERCURE_LAST_EVENT_ID = "Mercure-Last-Event-ID";
    /** The request header of reconnection, and the draft-07 response field. */
    static final String LAST_EVENT_ID = "Last-Event-ID";
    /** A publisher allowed everything, as a draft-08 access token. */
    static final String PUBLISHER = AccessTokens.publishAnything();

    private Draft08Http() {
    }

    /** The hub URL with the given query parameters, as name, value, name, value…, each percent-encoded. */
    static URI uri(URI hub, String... nameValues) {
        StringJoiner query = new StringJoiner("&");
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            query.add(encode(nameValues[i]) + "=" + encode(nameValues[i + 1]));
        }
        return URI.create(hub + "?" + query);
    }

    /** Opens an anonymous draft-08 stream with the given parameters, asserting it was accepted. */
    static SseTestClient open(URI hub, String... nameValues) {
        return accepted(SseTestClient.open(uri(hub, nameValues)));
    }

    /** Opens a draft-08 stream with {@code Authorization: Bearer token}, asserting it was accepted. */
    static SseTestClient openWithToken(URI hub, String token, String... nameValues) {
        return accepted(SseTestClient.open(uri(hub, nameValues), "Authorization", "Bearer " + token));
    }

    /**
     * Sends {@code QUERY hub?urlQuery} with the form {@code body} (name, value… pairs) and the given
     * header name/value pairs; {@code Content-Type} is the form's unless {@code headers} name one.
     */
    static SseRequestStream query(URI hub, String urlQuery, List<String> body, String... headers) {
        URI target = urlQuery == null ? hub : URI.create(hub + "?" + urlQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).method("QUERY",
                HttpRequest.BodyPublishers.ofString(form(body.toArray(String[]::new)), StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            names.add(headers[i].toLowerCase(Locale.ROOT));
        }
        if (!names.contains("content-type")) {
            request.header("Content-Type", MercureHttp.FORM);
        }
        return SseRequestStream.open(request);
    }

    /** The {@code WWW-Authenticate} header, asserting there is one. */
    static String challenge(HttpHeaders headers) {
        List<String> values = headers.allValues("WWW-Authenticate");
        assertThat(values).as("WWW-Authenticate").hasSize(1);
        return values.get(0);
    }

    /** Asserts the RFC 6750 challenge of a refused token: {@code error="<error>"} and where the metadata is. */
    static void assertChallenge(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(challenge(response.headers())).isEqualTo("Bearer realm=\"mercure\", error=\"" + error
                + "\", resource_metadata=\"" + METADATA_URL + "\"");
    }
}
