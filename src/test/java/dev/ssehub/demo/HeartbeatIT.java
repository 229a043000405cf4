package dev.ssehub.demo;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same check as {@link HeartbeatTest}, against the packaged application. */
@QuarkusIntegrationTest
class HeartbeatIT extends HeartbeatTest {
}
