package dev.ssehub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What kustomize itself makes of {@code deploy/kubernetes/}: it builds, puts everything in one
 * namespace, generates the JWT Secret and points the hub's {@code secretKeyRef}s at its hashed name.
 * Runs {@code kubectl kustomize} on a copy of the folder (with the example keys as
 * {@code jwt-keys.env}, so an operator's real file is never touched), and is skipped where
 * {@code kubectl} is not installed; {@link KubernetesManifestsTest} checks the files everywhere.
 */
class KustomizeBuildTest {

    @Test
    void kustomizeBuildsTheBaseWithTheGeneratedSecretWiredIn(@TempDir Path copy) throws Exception {
        boolean available = kubectlAvailable();
        // CI's machine has kubectl: there, its absence is a failure, not a reason to skip.
        assertThat(available || System.getenv("CI") == null).as("kubectl is installed (CI=true)").isTrue();
        Assumptions.assumeTrue(available, "kubectl is not installed");
        Path base = Path.of("deploy/kubernetes");
        try (Stream<Path> files = Files.list(base)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("jwt-keys.env")) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }
        Files.copy(base.resolve("jwt-keys.env.example"), copy.resolve("jwt-keys.env"));
        Path rendered = copy.resolve("rendered.yaml");

        Process kustomize = new ProcessBuilder("kubectl", "kustomize", copy.toString())
                .redirectOutput(rendered.toFile()).redirectError(copy.resolve("kustomize.err").toFile()).start();
        assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(kustomize.exitValue()).as("kubectl kustomize: %s", Files.readString(copy.resolve("kustomize.err")))
                .isZero();

        Manifests manifests = Manifests.read(List.of(rendered));
        for (Manifests.Manifest manifest : manifests.all()) {
            HasMetadata resource = manifest.resource();
            assertThat(Manifests.unknownFields(resource)).as(resource.getKind()).isEmpty();
            if (!resource.getKind().equals("Namespace")) {
                assertThat(resource.getMetadata().getNamespace()).as("namespace of %s", resource.getKind()).isEqualTo("sse-hub");
            }
        }
        Secret secret = manifests.one(Secret.class);
        assertThat(secret.getMetadata().getName()).as("a content hash in the name").startsWith("sse-hub-jwt-");
        List<EnvVar> fromSecret = manifests.named(Deployment.class, "sse-hub").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null).toList();
        assertThat(fromSecret).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
            assertThat(secret.getData()).containsKey(e.getValueFrom().getSecretKeyRef().getKey());
        });
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
