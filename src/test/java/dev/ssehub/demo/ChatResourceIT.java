package dev.ssehub.demo;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link ChatResourceTest}, against the packaged application (jar, or native binary with -Dnative). */
@QuarkusIntegrationTest
class ChatResourceIT extends ChatResourceTest {
}
