package dev.ssehub.protocol;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link FanOutTest}, against the packaged application. */
@QuarkusIntegrationTest
class FanOutIT extends FanOutTest {
}
