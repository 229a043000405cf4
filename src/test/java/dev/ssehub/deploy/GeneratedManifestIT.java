package dev.ssehub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The manifest that quarkus-kubernetes writes when the application is packaged
 * ({@code target/kubernetes/kubernetes.yml}) probes the health endpoints on the port the application
 * listens on, and the production shape in {@code deploy/kubernetes/} uses the same port and paths.
 * Quarkus derives that manifest from the application's real configuration, so this also checks the
 * defaults {@link ApplicationSettings} assumes. An {@code *IT} because the file exists only after
 * {@code package}; failsafe runs it then. Plain JUnit: it reads files, no application needed.
 */
class GeneratedManifestIT {

    private static final Path GENERATED = Path.of("target/kubernetes/kubernetes.yml");

    private static Container generated;
    private static Service generatedService;
    private static Container production;
    private static ApplicationSettings settings;

    @BeforeAll
    static void read() throws IOException {
        assertThat(GENERATED).as("written by quarkus-kubernetes at package").exists();
        Manifests manifests = Manifests.read(List.of(GENERATED));
        generated = manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        generatedService = manifests.one(Service.class);
        try (var files = Files.list(Path.of("deploy/kubernetes"))) {
            production = Manifests.read(files.filter(f -> f.toString().endsWith("-deployment.yaml")).toList())
                    .named(Deployment.class, "sse-hub").getSpec().getTemplate().getSpec().getContainers().get(0);
        }
        settings = ApplicationSettings.withEnvironment(Map.of());
    }

    @Test
    void generatedManifestIsOnlyKnownKinds() throws IOException {
        for (Manifests.Manifest manifest : Manifests.read(List.of(GENERATED)).all()) {
            assertThat(Manifests.unknownFields(manifest.resource())).as(manifest.resource().getKind()).isEmpty();
            assertThat(manifest.resource().getKind()).isIn("Deployment", "Service");
        }
    }

    @Test
    void generatedDeploymentProbesTheHealthEndpointsOnTheHttpPort() {
        assertThat(generated.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(settings.httpPort());
        });
        assertProbe(generated.getLivenessProbe(), settings.healthPath("live"));
        assertProbe(generated.getReadinessProbe(), settings.healthPath("ready"));
        assertProbe(generated.getStartupProbe(), settings.healthPath("started"));
        assertThat(generatedService.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getIntVal()).isEqualTo(settings.httpPort()));
    }

    @Test
    void productionDeploymentUsesTheGeneratedPortAndProbePaths() {
        assertThat(production.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(generated.getPorts().get(0).getContainerPort());
        });
        assertThat(production.getLivenessProbe().getHttpGet().getPath())
                .isEqualTo(generated.getLivenessProbe().getHttpGet().getPath());
        assertThat(production.getReadinessProbe().getHttpGet().getPath())
                .isEqualTo(generated.getReadinessProbe().getHttpGet().getPath());
        assertThat(production.getStartupProbe().getHttpGet().getPath())
                .isEqualTo(generated.getStartupProbe().getHttpGet().getPath());
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as("probe on %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(settings.httpPort());
    }
}
