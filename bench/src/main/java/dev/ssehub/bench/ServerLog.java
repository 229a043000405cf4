package dev.ssehub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server's log says went wrong: its warnings and errors counted, and the first few of them.
 * sse-hub logs JSON lines in the prod profile; any other line (a JVM crash, a stack trace printed
 * outside the logger) counts as unstructured.
 *
 * @param levels       lines by level, WARN and ERROR (and FATAL) only
 * @param unstructured lines that are not JSON log records
 * @param first        the first few warnings and errors, as {@code LEVEL logger: message}
 */
record ServerLog(Map<String, Long> levels, long unstructured, List<String> first) {

    private static final int KEPT = 5;
    private static final int MESSAGE_CHARS = 240;
    private static final Pattern LEVEL = Pattern.compile("\"level\":\"([A-Z]+)\"");
    private static final Pattern LOGGER = Pattern.compile("\"loggerName\":\"([^\"]*)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Reads {@code log}; an unreadable log reads as one unstructured line saying so. */
    static ServerLog read(Path log) {
        Map<String, Long> levels = new LinkedHashMap<>();
        List<String> first = new ArrayList<>();
        long unstructured = 0;
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new ServerLog(levels, 1, List.of("cannot read " + log + ": " + e));
        }
        for (String line : lines) {
            Matcher level = LEVEL.matcher(line);
            if (!line.startsWith("{") || !level.find()) {
                if (!line.isBlank()) {
                    unstructured++;
                }
                continue;
            }
            String name = level.group(1);
            if (!name.equals("WARN") && !name.equals("WARNING") && !name.equals("ERROR") && !name.equals("FATAL")) {
                continue;
            }
            levels.merge(name, 1L, Long::sum);
            if (first.size() < KEPT) {
                first.add(name + " " + group(LOGGER, line) + ": " + shorten(group(MESSAGE, line)));
            }
        }
        return new ServerLog(levels, unstructured, first);
    }

    /** One line: {@code 2 WARN, 1 ERROR, 0 unstructured lines}, or {@code no warnings or errors}. */
    String summary() {
        if (levels.isEmpty() && unstructured == 0) {
            return "no warnings or errors";
        }
        StringBuilder out = new StringBuilder();
        levels.forEach((level, count) -> out.append(count).append(' ').append(level).append(", "));
        return out.append(unstructured).append(" unstructured lines").toString();
    }

    private static String group(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static String shorten(String text) {
        return text.length() > MESSAGE_CHARS ? text.substring(0, MESSAGE_CHARS) + "…" : text;
    }
}
