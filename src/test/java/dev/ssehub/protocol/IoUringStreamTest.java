package dev.ssehub.protocol;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The streams of {@link StreamProtocolsTest} over every HTTP version again, with the network on
 * io_uring ({@code hub.io-uring=true}): the ready-made chunks of HTTP/1.1 and the writes through
 * the response must deliver the same bytes there. This machine's kernel allows io_uring, so the
 * hub must have taken it rather than fallen back to epoll.
 */
@QuarkusTest
@TestProfile(IoUringStreamTest.OnIoUring.class)
class IoUringStreamTest extends StreamProtocolsTest {

    @Override
    String expectedEventLoop() {
        return "IOUring";
    }

    /** The test configuration with io_uring on. */
    public static final class OnIoUring implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hub.io-uring", "true");
        }
    }
}
