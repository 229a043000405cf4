package dev.ssehub.protocol;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link AuthorizationTest}, against the packaged application. */
@QuarkusIntegrationTest
class AuthorizationIT extends AuthorizationTest {
}
