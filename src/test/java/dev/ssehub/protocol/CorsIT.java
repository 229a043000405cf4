package dev.ssehub.protocol;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link CorsTest}, against the packaged application. */
@QuarkusIntegrationTest
class CorsIT extends CorsTest {
}
