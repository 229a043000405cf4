package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An h2c upgrade with a missing or invalid {@code HTTP2-Settings} is refused by Vert.x itself with a
 * {@code 400} that says {@code connection: close} but does not close (a defect of vertx-core 4.5):
 * the idle timeout ({@code quarkus.http.idle-timeout}, 60 s in production, 2 s here) is what ends
 * it, so that such requests cannot hold connections open.
 */
@QuarkusTest
@TestProfile(H2cUpgradeTest.ShortIdleTimeout.class)
class H2cUpgradeTest {

    @TestHTTPResource("/q/health/live")
    URI live;

    @ParameterizedTest
    @ValueSource(strings = {"", "HTTP2-Settings: !!!\r\n", "HTTP2-Settings: AAMAAABkAAQAAP__X\r\n"})
    void anInvalidUpgradeIsRefusedAndItsConnectionClosedByTheIdleTimeout(String settings) throws IOException {
        try (Socket socket = new Socket(live.getHost(), live.getPort())) {
            socket.setSoTimeout(15_000);
            String request = "GET " + live.getRawPath() + " HTTP/1.1\r\nHost: " + live.getAuthority()
                    + "\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n" + settings + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            long sent = System.nanoTime();

            String answer = readUntilClosed(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat((System.nanoTime() - sent) / 1_000_000).as("closed by the server, before the read deadline")
                    .isLessThan(15_000);
        }
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            bytes.write(buffer, 0, read);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** An idle timeout of 2 s, with heartbeats below it. */
    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2s", "hub.heartbeat", "1s");
        }
    }
}
