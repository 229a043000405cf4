package dev.ssehub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What kustomize itself makes of the JWT keys, in the base ({@code deploy/kubernetes/}) and the HA
 * overlay built on it: it generates the Secret and points the hub's {@code secretKeyRef}s at its
 * hashed name. Runs {@code kubectl kustomize} through {@link Kustomize} (on a copy, with the example
 * keys), and is skipped where {@code kubectl} is not installed, except under {@code CI=true}.
 * {@link KubernetesHaOverlayTest} validates everything else that is rendered;
 * {@link KubernetesManifestsTest} checks the base's files everywhere.
 */
class KustomizeBuildTest {

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "kubernetes-ha"})
    void kustomizeGeneratesTheJwtSecretAndWiresItIn(String folder, @TempDir Path workDir) throws Exception {
        Kustomize.requireKubectl();
        Manifests manifests = Manifests.read(List.of(Kustomize.build(workDir, folder)));

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
}
