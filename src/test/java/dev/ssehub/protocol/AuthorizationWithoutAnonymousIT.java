package dev.ssehub.protocol;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link AuthorizationWithoutAnonymousTest}, against the packaged application. */
@QuarkusIntegrationTest
class AuthorizationWithoutAnonymousIT extends AuthorizationWithoutAnonymousTest {
}
