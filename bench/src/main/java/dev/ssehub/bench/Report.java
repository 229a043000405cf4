package dev.ssehub.bench;

import java.nio.file.Path;

/** Placeholder until the report is written. */
final class Report {
    private Report() {
    }

    static void write(Path runDir, Path template, Path report, Path charts) {
    }
}
