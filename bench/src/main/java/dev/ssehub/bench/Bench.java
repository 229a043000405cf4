package dev.ssehub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every workload shares in one benchmark run: the generator, where servers run and where
 * results go. Each result row is printed as one line, appended to {@code <workload>.csv} in the
 * run's directory; the report reads them back from there.
 */
final class Bench {

    private final Generator generator;
    private final Settings settings;
    private final Path runDir;
    private int serversStarted;

    Bench(Generator generator, Settings settings, Path runDir) {
        this.generator = generator;
        this.settings = settings;
        this.runDir = runDir;
    }

    Generator generator() {
        return generator;
    }

    Settings settings() {
        return settings;
    }

    /** Starts {@code server} on the server CPU, with its files in a directory of its own. */
    RunningServer start(Server server, String workload, boolean trackNativeMemory) throws IOException {
        Path workDir = runDir.resolve("servers").resolve(String.format("%03d-%s-%s", ++serversStarted, server.name(), workload));
        return RunningServer.start(server, settings.serverCpu(), workDir, trackNativeMemory);
    }

    /** Starts {@code server} and waits until it serves a subscription. */
    RunningServer startAndWait(Server server, String workload, boolean trackNativeMemory)
            throws IOException, InterruptedException {
        RunningServer running = start(server, workload, trackNativeMemory);
        try {
            running.awaitFirstByte(60_000);
        } catch (IOException e) {
            running.close();
            throw e;
        }
        return running;
    }

    /** Records one result row of {@code workload}. */
    void record(String workload, Map<String, Object> row) throws IOException {
        Csv.append(runDir.resolve(workload + ".csv"), row);
        System.out.println("[" + workload + "] " + row.entrySet().stream()
                .map(e -> e.getKey() + "=" + Csv.cell(e.getValue())).collect(Collectors.joining(" ")));
    }
}
