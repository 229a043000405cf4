package dev.ssehub.protocol;

import static dev.ssehub.protocol.MercureHttp.WAIT;
import static dev.ssehub.protocol.MercureHttp.publishOk;
import static dev.ssehub.protocol.MercureHttp.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ssehub.support.ReceivedEvent;
import dev.ssehub.support.SseTestClient;
import dev.ssehub.support.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Fan-out over real connections: 100 HTTP subscribers each receive all 50 updates, in order, once. */
@QuarkusTest
class FanOutTest {

    private static final int SUBSCRIBERS = 100;
    private static final int UPDATES = 50;

    @TestHTTPResource("/.well-known/mercure")
    URI hub;

    @Test
    void everySubscriberReceivesEveryUpdateInOrderExactlyOnce() {
        String topic = uniqueTopic("fan-out");
        String publisher = TestTokens.publisher(topic);
        List<SseTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                clients.add(MercureHttp.subscribe(hub, topic));
            }
            List<String> published = new ArrayList<>();
            for (int i = 0; i < UPDATES; i++) {
                published.add(publishOk(hub, publisher, "topic", topic, "data", "update " + i));
            }
            assertThat(published).as("generated ids are unique").doesNotHaveDuplicates();
            String end = publishOk(hub, publisher, "topic", topic, "data", "end");

            for (SseTestClient client : clients) {
                List<String> received = new ArrayList<>();
                ReceivedEvent event;
                while (!(event = client.next(WAIT)).id().equals(end)) {
                    received.add(event.id());
                }
                // Everything before the end marker, in publish order: no loss, no repeat, no reordering.
                assertThat(received).containsExactlyElementsOf(published);
            }
        } finally {
            clients.forEach(SseTestClient::close);
        }
    }
}
