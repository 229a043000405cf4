package dev.ssehub.protocol;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link SubscriptionsApiTest}, against the packaged application. */
@QuarkusIntegrationTest
class SubscriptionsApiIT extends SubscriptionsApiTest {
}
