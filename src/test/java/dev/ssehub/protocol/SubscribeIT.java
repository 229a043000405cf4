package dev.ssehub.protocol;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link SubscribeTest}, against the packaged application. */
@QuarkusIntegrationTest
class SubscribeIT extends SubscribeTest {
}
