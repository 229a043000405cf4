package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.ssehub.hub.Hub;
import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A client that stops reading is cut off once its small buffer is full, while a reading client
 * on the same topic receives every update, and the cut-off client resumes with Last-Event-ID.
 */
@QuarkusTest
@TestProfile(SlowConsumerTest.SmallBuffers.class)
class SlowConsumerTest {

    private static final String TOPIC = "https://example.com/slow";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/.well-known/mercure")
    URI hubUrl;

    @Inject
    Hub hub;

    @Test
    void aStalledSubscriberIsDisconnectedWithoutHoldingBackOthers() throws Exception {
        long cutBefore = hub.tooSlowCount();
        String query = "?topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8);
        try (Socket stalled = new Socket();
                SseTestClient reader = SseTestClient.open(URI.create(hubUrl + query))) {
            // A raw connection that sends its request and then never reads: its socket buffers fill.
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(hubUrl.getHost(), hubUrl.getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET " + hubUrl.getPath() + query + " HTTP/1.1\r\nHost: " + hubUrl.getHost() + "\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscriberCount() >= 3);

            String data = "x".repeat(64 * 1024);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200 && hub.tooSlowCount() == cutBefore; i++) {
                ids.add(publish(data + i));
            }

            assertThat(hub.tooSlowCount()).as("the stalled client was cut off").isEqualTo(cutBefore + 1);
            for (String id : ids) {
                ReceivedEvent event = reader.next(Duration.ofSeconds(20));
                assertThat(event.id()).isEqualTo(id);
            }
            // The server closed the stalled connection: reading it to the end terminates.
            InputStream in = stalled.getInputStream();
            stalled.setSoTimeout(20_000);
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // drain what was queued before the cut
            }

            // It resumes after the last id it would have seen, and gets what followed.
            try (SseTestClient resumed = SseTestClient.open(URI.create(hubUrl + query), "Last-Event-ID",
                    ids.get(ids.size() - 2))) {
                assertThat(resumed.next(Duration.ofSeconds(10)).id()).isEqualTo(ids.get(ids.size() - 1));
            }
        }
    }

    private String publish(String data) throws IOException, InterruptedException {
        String form = "topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8) + "&data=" + data;
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(hubUrl)
                .header("Authorization", "Bearer " + TestTokens.publisher("*"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Buffers of 8 updates, so a stalled client is found quickly. */
    public static class SmallBuffers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.subscriber-buffer", "8", "hub.demo.tick", "1h");
        }
    }
}
