package dev.ssehub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Appends result rows to a CSV file, writing the header when it creates the file. */
final class Csv {

    private Csv() {
    }

    /** Appends {@code row} (column name to value, in order) to {@code file}. */
    static void append(Path file, Map<String, Object> row) throws IOException {
        StringBuilder out = new StringBuilder();
        if (!Files.exists(file)) {
            out.append(String.join(",", row.keySet())).append('\n');
        }
        out.append(row.values().stream().map(Csv::cell).collect(Collectors.joining(","))).append('\n');
        Files.writeString(file, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** A value as a CSV cell: numbers with at most 3 decimals, text quoted when it needs to be. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return d.isNaN() ? "" : String.format(Locale.ROOT, "%.3f", d);
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
