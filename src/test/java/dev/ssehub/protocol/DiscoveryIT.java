package dev.ssehub.protocol;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link DiscoveryTest}, against the packaged application. */
@QuarkusIntegrationTest
class DiscoveryIT extends DiscoveryTest {
}
