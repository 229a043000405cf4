package dev.ssehub.protocol;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link ReconnectionTest}, against the packaged application. */
@QuarkusIntegrationTest
class ReconnectionIT extends ReconnectionTest {
}
