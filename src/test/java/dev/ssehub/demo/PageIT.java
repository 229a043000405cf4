package dev.ssehub.demo;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link PageTest}, against the packaged application (jar, or native binary with -Dnative). */
@QuarkusIntegrationTest
class PageIT extends PageTest {
}
