package dev.ssehub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code kubectl kustomize} on the kustomizations under {@code deploy/}, on a copy of that folder
 * that has the example keys as {@code kubernetes/jwt-keys.env}: an operator's real key file is never
 * read or touched. Without {@code kubectl} the calling test is skipped, except under {@code CI=true},
 * where it fails (CI's {@code .ci/run} installs it).
 */
final class Kustomize {

    private static final Path DEPLOY = Path.of("deploy");
    private static final String KEYS = "jwt-keys.env";

    private Kustomize() {
    }

    /** Fails under CI, and skips elsewhere, when {@code kubectl} cannot be run. */
    static void requireKubectl() {
        boolean available = kubectlAvailable();
        assertThat(available || System.getenv("CI") == null).as("kubectl is installed (CI=true)").isTrue();
        Assumptions.assumeTrue(available, "kubectl is not installed");
    }

    /**
     * Renders {@code deploy/<folder>} from a copy of {@code deploy/} made in {@code workDir} (once per
     * directory) and returns the file holding the rendered documents.
     */
    static Path build(Path workDir, String folder) throws IOException, InterruptedException {
        Path copy = workDir.resolve("deploy");
        if (!Files.exists(copy)) {
            copyWithExampleKeys(copy);
        }
        Path rendered = workDir.resolve(folder + ".rendered.yaml");
        Path errors = workDir.resolve(folder + ".err");
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", copy.resolve(folder).toString())
                .redirectOutput(rendered.toFile()).redirectError(errors.toFile()).start();
        assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize %s finished", folder).isTrue();
        assertThat(kustomize.exitValue()).as("kubectl kustomize %s: %s", folder, Files.readString(errors)).isZero();
        return rendered;
    }

    private static void copyWithExampleKeys(Path copy) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(KEYS)).toList();
        }
        for (Path file : files) {
            Path target = copy.resolve(DEPLOY.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
        Files.copy(DEPLOY.resolve("kubernetes/" + KEYS + ".example"), copy.resolve("kubernetes/" + KEYS));
    }

    private static boolean kubectlAvailable() {
        try {
            Process version = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
