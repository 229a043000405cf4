package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The hub over TLS with HTTP/2, as docs/DEPLOYMENT.md configures it: a certificate made with the
 * JDK's keytool, a stream opened over HTTP/2 (negotiated with ALPN) that receives an update published
 * over the same connection. HTTP/2 matters for SSE: browsers allow six HTTP/1.1 connections per
 * origin, shared by every tab, while HTTP/2 multiplexes every stream over one.
 */
@QuarkusTest
@TestProfile(Http2TlsTest.WithCertificate.class)
class Http2TlsTest {

    private static final Path KEYSTORE = Path.of("target", "tls", "sse-hub-test.p12");
    private static final String PASSWORD = "test-keystore-password";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource(value = "/.well-known/mercure", tls = true)
    URI hub;

    @Test
    void aStreamOverHttp2WithTlsReceivesAnUpdate() throws Exception {
        assertThat(hub.getScheme()).isEqualTo("https");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting(KEYSTORE))
                .connectTimeout(WAIT).build();
        String topic = "https://example.com/tls/" + System.nanoTime();
        URI subscribe = URI.create(hub + "?topic=" + MercureHttp.encode(topic));

        HttpResponse<Stream<String>> stream = client.sendAsync(HttpRequest.newBuilder(subscribe)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> published = client.send(HttpRequest.newBuilder(hub)
                .header("Content-Type", MercureHttp.FORM)
                .header("Authorization", "Bearer " + TestTokens.publisher("*"))
                .POST(HttpRequest.BodyPublishers.ofString(MercureHttp.form("topic", topic, "data", "over h2")))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.version()).as("negotiated with ALPN").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(published.version()).isEqualTo(HttpClient.Version.HTTP_2);
        Iterator<String> lines = stream.body().iterator();
        assertThat(lines.next()).isEqualTo("id: " + published.body());
        assertThat(lines.next()).isEqualTo("data: over h2");
        stream.body().close();
    }

    private static SSLContext trusting(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A self-signed certificate for 127.0.0.1, made with keytool, and the TLS port. */
    public static class WithCertificate implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            makeKeystore();
            return Map.of("quarkus.http.ssl.certificate.key-store-file", KEYSTORE.toAbsolutePath().toString(),
                    "quarkus.http.ssl.certificate.key-store-password", PASSWORD,
                    "quarkus.http.test-ssl-port", "0",
                    "quarkus.http.insecure-requests", "enabled");
        }

        private static void makeKeystore() {
            try {
                Files.createDirectories(KEYSTORE.getParent());
                Files.deleteIfExists(KEYSTORE);
                Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
                Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "sse-hub", "-keyalg", "EC",
                        "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost",
                        "-validity", "2", "-storetype", "PKCS12", "-keystore", KEYSTORE.toString(), "-storepass", PASSWORD)
                        .redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
            } catch (IOException e) {
                throw new IllegalStateException("keytool could not run", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
