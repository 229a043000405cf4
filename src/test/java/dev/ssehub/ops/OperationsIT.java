package dev.ssehub.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks as {@link OperationsTest}, against the packaged application. */
@QuarkusIntegrationTest
class OperationsIT extends OperationsTest {
}
