package dev.ssehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain JUnit: the lowrate step lengths and its report section are arithmetic on settings and CSV rows. */
class LowRateReportTest {

    @TempDir
    Path dir;

    @Test
    void aStepLastsForItsUpdatesButNoLessThanTheShortest() {
        Settings.LowRate size = Settings.full().lowRate();
        assertEquals(30_000, size.stepMillis(1));
        assertEquals(10_000, size.stepMillis(5));
        assertEquals(10_000, size.stepMillis(20));
    }

    @Test
    void theSectionGivesTheRatiosOfTheMediansBesideTheTargets() throws IOException {
        // sse-hub at 1/s: medians 8 µs and 70 ms against nchan's 10 µs and 100 ms, all delivered.
        row("nchan", 1, 10, 100, 100, 0);
        row("sse-hub", 1, 8, 70, 100, 0);
        row("nchan", 1, 11, 90, 100, 0);
        row("sse-hub", 1, 7, 60, 100, 0);
        // At 20/s sse-hub is cheaper but one run lost a subscriber.
        row("nchan", 20, 10, 100, 100, 0);
        row("sse-hub", 20, 5, 50, 99.99, 1);
        Path template = dir.resolve("template.md");
        Files.writeString(template, "{{lowrate}}");
        Path report = dir.resolve("REPORT.md");

        Report.write(dir, template, report, dir.resolve("charts"));

        String text = Files.readString(report);
        assertTrue(text.contains("| 100 | 1 | 0.71× | yes | – | 0.68× | yes | – | 100 % | 100 % | yes | yes |"), text);
        assertTrue(text.contains("| 100 | 20 | 0.50× | yes | – | 0.50× | yes | – | 99.990 %, 1 cut | 100 % | **no** | **no** |"), text);
    }

    private void row(String server, double rate, double cpu, double p99, double deliveredPct, int cut) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("server", server);
        row.put("subscribers", 100);
        row.put("repeat", 1);
        row.put("rate_per_s", rate);
        row.put("cpu_us_per_delivery", cpu);
        row.put("p99_ms", p99);
        row.put("delivered_pct", deliveredPct);
        row.put("cut", cut);
        Csv.append(dir.resolve(LowRateWorkload.NAME + ".csv"), row);
    }
}
