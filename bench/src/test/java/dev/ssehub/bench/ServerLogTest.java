package dev.ssehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain JUnit: reading a log is text handling on a file. */
class ServerLogTest {

    @Test
    void warningsAndErrorsAreCountedAndTheFirstKept(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("server.log");
        Files.write(log, List.of(
                "{\"loggerName\":\"io.quarkus\",\"level\":\"INFO\",\"message\":\"started\"}",
                "{\"loggerName\":\"dev.ssehub.hub.Hub\",\"level\":\"WARN\",\"message\":\"slow \\\"subscriber\\\" cut off\"}",
                "{\"loggerName\":\"io.vertx\",\"level\":\"ERROR\",\"message\":\"blocked thread\"}",
                "Exception in thread \"main\" java.lang.OutOfMemoryError",
                ""));
        ServerLog read = ServerLog.read(log);
        assertEquals(Map.of("WARN", 1L, "ERROR", 1L), read.levels());
        assertEquals(1, read.unstructured());
        assertEquals(List.of("WARN dev.ssehub.hub.Hub: slow \\\"subscriber\\\" cut off", "ERROR io.vertx: blocked thread"),
                read.first());
    }

    @Test
    void aQuietLogSaysSo(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("server.log");
        Files.write(log, List.of("{\"loggerName\":\"io.quarkus\",\"level\":\"INFO\",\"message\":\"started\"}"));
        assertEquals("no warnings or errors", ServerLog.read(log).summary());
    }
}
