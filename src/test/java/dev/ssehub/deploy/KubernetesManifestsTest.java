package dev.ssehub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.runtime.configuration.MemorySizeConverter;

import dev.ssehub.config.HubConfig;

/**
 * Keeps {@code deploy/kubernetes/} (the kustomize base for production) true to the application: every
 * manifest parses into fabric8's Kubernetes model with no unknown field, kustomize lists every file,
 * and ports, probe paths, environment variables, the Redis address, the grace period, Secret keys,
 * selectors and the Ingress agree with {@code application.properties} and {@link HubConfig}. Plain
 * JUnit: it reads files, no application or cluster needed (kustomize itself does not run here).
 */
class KubernetesManifestsTest {

    private static final Path BASE = Path.of("deploy/kubernetes");
    private static final String NGINX = "nginx.ingress.kubernetes.io/";

    private static JsonNode kustomization;
    private static Manifests manifests;
    private static Deployment hub;
    private static Container hubContainer;
    private static ApplicationSettings settings;

    @BeforeAll
    static void read() throws IOException {
        kustomization = new YAMLMapper().readTree(BASE.resolve("kustomization.yaml").toFile());
        List<Path> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(BASE.resolve(r.asText())));
        manifests = Manifests.read(resources.stream().filter(Files::exists).toList());
        hub = manifests.named(Deployment.class, "sse-hub");
        hubContainer = hub.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("sse-hub")).findFirst().orElseThrow();
        settings = ApplicationSettings.withEnvironment(literalEnvironment(hubContainer));
    }

    @Test
    void kustomizationListsEveryManifestAndNothingElse() throws IOException {
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(BASE)) {
            files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") || f.endsWith(".yml"))
                    .filter(f -> !f.equals("kustomization.yaml"))
                    .forEach(onDisk::add);
        }
        Set<String> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        assertThat(listed).as("kustomization.yaml resources").isEqualTo(onDisk);
        assertThat(manifests.all()).hasSizeGreaterThanOrEqualTo(listed.size());
    }

    @Test
    void everyManifestIsAKnownKindWithNoUnknownField() {
        for (Manifests.Manifest manifest : manifests.all()) {
            assertThat(manifest.resource()).as("%s: a kind the Kubernetes model knows", manifest.file())
                    .isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(Manifests.unknownFields(manifest.resource()))
                    .as("%s %s: fields Kubernetes does not know", manifest.file(), manifest.resource().getKind())
                    .isEmpty();
        }
    }

    @Test
    void jwtKeysComeFromAGeneratedSecretWhoseFileIsNeverCommitted() throws IOException {
        JsonNode generators = kustomization.path("secretGenerator");
        assertThat(generators.size()).as("secretGenerator entries").isEqualTo(1);
        JsonNode generator = generators.get(0);
        assertThat(generator.path("literals").isMissingNode()).as("no literal secrets in the repository").isTrue();
        assertThat(generator.path("envs").size()).isEqualTo(1);
        String envFile = generator.path("envs").get(0).asText();

        List<String> ignored = Files.readAllLines(BASE.resolve(".gitignore")).stream().map(String::strip).toList();
        assertThat(ignored).as("deploy/kubernetes/.gitignore keeps the real keys out of git").contains(envFile);
        Properties example = new Properties();
        example.load(new StringReader(Files.readString(BASE.resolve(envFile + ".example"))));

        List<SecretKeySelector> refs = hubContainer.getEnv().stream()
                .map(EnvVar::getValueFrom).filter(Objects::nonNull)
                .map(v -> v.getSecretKeyRef()).filter(Objects::nonNull).toList();
        assertThat(refs).as("secretKeyRef entries").isNotEmpty();
        for (SecretKeySelector ref : refs) {
            assertThat(ref.getName()).as("secretKeyRef name").isEqualTo(generator.path("name").asText());
            assertThat(example.stringPropertyNames()).as("keys of %s.example", envFile).contains(ref.getKey());
            // The hub refuses HS256 secrets under 32 bytes: a copied example cannot start a hub.
            assertThat(example.getProperty(ref.getKey()).getBytes(StandardCharsets.UTF_8))
                    .as("placeholder of %s in %s.example", ref.getKey(), envFile).hasSizeLessThan(32);
            assertThat(ref.getOptional()).as("%s is required", ref.getKey()).isNotEqualTo(Boolean.TRUE);
        }
        assertThat(envNames()).contains("HUB_PUBLISHER_JWT_KEY", "HUB_SUBSCRIBER_JWT_KEY");
    }

    @Test
    void hubRunsThreeReplicasOnRedisWithRealConfigurationKeys() {
        assertThat(hub.getSpec().getReplicas()).isEqualTo(3);
        assertThat(settings.hub().transport()).isEqualTo(HubConfig.TransportKind.REDIS);
        Set<String> known = ApplicationSettings.hubEnvironmentVariables();
        assertThat(envNames().stream().filter(n -> n.startsWith("HUB_")))
                .as("HUB_* variables that name a key of HubConfig").isSubsetOf(known);
        // Reading the mapping converts every value given: a malformed one (HUB_HEARTBEAT=15 sec) fails here.
        assertThat(settings.hub().heartbeat()).isPositive();
    }

    @Test
    void containerPortIsTheApplicationsHttpPort() {
        ContainerPort http = httpPort();
        assertThat(http.getContainerPort()).isEqualTo(settings.httpPort());
        Service service = manifests.named(Service.class, "sse-hub");
        assertThat(Manifests.selects(service.getSpec().getSelector(), podLabels(hub)))
                .as("the Service selects the hub's pods").isTrue();
        assertThat(service.getSpec().getPorts()).anySatisfy(p -> assertThat(refersTo(p.getTargetPort(), http)).isTrue());
        assertThat(hub.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/path", settings.metricsPath())
                .containsEntry("prometheus.io/port", String.valueOf(settings.httpPort()));
    }

    @Test
    void probesUseTheHealthEndpointsOnTheHttpPort() {
        assertProbe(hubContainer.getLivenessProbe(), settings.healthPath("live"));
        assertProbe(hubContainer.getReadinessProbe(), settings.healthPath("ready"));
        assertProbe(hubContainer.getStartupProbe(), settings.healthPath("started"));
    }

    @Test
    void redisHostsPointAtTheRedisServiceAndPort() {
        URI redis = URI.create(env("QUARKUS_REDIS_HOSTS"));
        assertThat(redis.getScheme()).isEqualTo("redis");
        Service service = manifests.named(Service.class, redis.getHost());
        assertThat(service.getSpec().getClusterIP()).as("a Service with a virtual IP, not the headless one").isNotEqualTo("None");
        ServicePort port = service.getSpec().getPorts().stream().filter(p -> p.getPort() == redis.getPort())
                .findFirst().orElseThrow(() -> new AssertionError(service.getMetadata().getName() + " has no port " + redis.getPort()));

        StatefulSet statefulSet = manifests.one(StatefulSet.class);
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
        PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();
        assertThat(Manifests.selects(service.getSpec().getSelector(), podLabels(statefulSet))).isTrue();
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).startsWith("redis:7");
        assertThat(container.getPorts()).anySatisfy(p -> assertThat(refersTo(port.getTargetPort(), p)).isTrue());

        Service headless = manifests.named(Service.class, statefulSet.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).as("the StatefulSet's governing Service is headless").isEqualTo("None");
        assertThat(Manifests.selects(headless.getSpec().getSelector(), podLabels(statefulSet))).isTrue();
        assertThat(Manifests.selects(service.getSpec().getSelector(), podLabels(hub)))
                .as("the Redis Service does not select the hub").isFalse();

        NetworkPolicy policy = manifests.one(NetworkPolicy.class);
        assertThat(Manifests.selects(policy.getSpec().getPodSelector(), podLabels(statefulSet))).isTrue();
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).anySatisfy(peer -> assertThat(Manifests.selects(peer.getPodSelector(),
                    podLabels(hub))).as("the hub may reach Redis").isTrue());
            List<NetworkPolicyPort> ports = rule.getPorts();
            assertThat(ports).anySatisfy(p -> assertThat(container.getPorts()).anySatisfy(cp -> assertThat(refersTo(p.getPort(), cp)).isTrue()));
        });
    }

    @Test
    void gracePeriodOutlastsPreStopDrainAndShutdownTimeout() {
        Duration preStop = Duration.ZERO;
        if (hubContainer.getLifecycle() != null && hubContainer.getLifecycle().getPreStop() != null) {
            preStop = Duration.ofSeconds(hubContainer.getLifecycle().getPreStop().getSleep().getSeconds());
        }
        Duration drain = settings.hub().drain().window();
        // The drain happens on the shutdown delay's event and lasts as long as streams are open, at most its window.
        assertThat(settings.duration("quarkus.shutdown.delay")).as("no fixed shutdown delay").isZero();
        Duration needed = preStop.plus(drain).plus(settings.duration("quarkus.shutdown.timeout"));
        assertThat(Duration.ofSeconds(hub.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()))
                .as("terminationGracePeriodSeconds against preStop %s + drain %s + shutdown timeout", preStop, drain)
                .isGreaterThan(needed);
    }

    @Test
    void disruptionBudgetAndSpreadSelectTheHubPods() {
        PodSpec pod = hub.getSpec().getTemplate().getSpec();
        Map<String, String> labels = podLabels(hub);
        assertThat(Manifests.selects(hub.getSpec().getSelector(), labels)).as("the Deployment selects its pods").isTrue();

        PodDisruptionBudget budget = manifests.one(PodDisruptionBudget.class);
        assertThat(Manifests.selects(budget.getSpec().getSelector(), labels)).as("the PDB selects the hub's pods").isTrue();
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));

        assertThat(pod.getTopologySpreadConstraints()).isNotEmpty();
        for (TopologySpreadConstraint spread : pod.getTopologySpreadConstraints()) {
            assertThat(Manifests.selects(spread.getLabelSelector(), labels)).as("spread over %s", spread.getTopologyKey()).isTrue();
        }
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(hubContainer.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    }

    @Test
    void ingressStreamsToTheHubServiceWithoutBuffering() {
        Ingress ingress = manifests.one(Ingress.class);
        List<IngressBackend> backends = new ArrayList<>();
        ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(p -> backends.add(p.getBackend())));
        assertThat(backends).isNotEmpty();
        for (IngressBackend backend : backends) {
            IngressServiceBackend target = backend.getService();
            Service service = manifests.named(Service.class, target.getName());
            assertThat(service.getSpec().getPorts()).as("the Ingress's port of %s", target.getName()).anySatisfy(p -> {
                if (target.getPort().getName() != null) {
                    assertThat(p.getName()).isEqualTo(target.getPort().getName());
                } else {
                    assertThat(p.getPort()).isEqualTo(target.getPort().getNumber());
                }
            });
            assertThat(Manifests.selects(service.getSpec().getSelector(), podLabels(hub))).isTrue();
        }

        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(annotations).containsEntry(NGINX + "proxy-buffering", "off");
        Duration heartbeat = settings.hub().heartbeat();
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            assertThat(annotations).containsKey(NGINX + timeout);
            assertThat(Duration.ofSeconds(Long.parseLong(annotations.get(NGINX + timeout))))
                    .as("%s, well above the heartbeat %s", timeout, heartbeat)
                    .isGreaterThanOrEqualTo(heartbeat.multipliedBy(4));
        }
        assertThat(new MemorySizeConverter().convert(annotations.get(NGINX + "proxy-body-size")).asLongValue())
                .as("nginx lets through the bodies the application accepts")
                .isGreaterThanOrEqualTo(settings.memorySize("quarkus.http.limits.max-body-size").asLongValue());
        URI resource = URI.create(env("HUB_RESOURCE"));
        assertThat(ingress.getSpec().getRules()).as("the hub's public URL (HUB_RESOURCE) is the Ingress's host")
                .anySatisfy(rule -> assertThat(rule.getHost()).isEqualTo(resource.getHost()));
        assertThat(resource.getScheme()).as("the Ingress terminates TLS").isEqualTo("https");
        assertThat(resource.getPath()).isEqualTo("/.well-known/mercure");
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as("probe on %s", path).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).isEqualTo(path);
        assertThat(refersTo(get.getPort(), httpPort())).as("probe %s on the http port", path).isTrue();
    }

    private static ContainerPort httpPort() {
        return hubContainer.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("the hub's container has no port named http"));
    }

    /** Whether a port given by name or number (a targetPort, a probe's port) is this container port. */
    private static boolean refersTo(IntOrString ref, ContainerPort port) {
        return ref != null && (ref.getIntVal() != null ? ref.getIntVal().equals(port.getContainerPort())
                : ref.getStrVal().equals(port.getName()));
    }

    private static Map<String, String> podLabels(Deployment owner) {
        return owner.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Map<String, String> podLabels(StatefulSet owner) {
        return owner.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static List<String> envNames() {
        return hubContainer.getEnv().stream().map(EnvVar::getName).toList();
    }

    private static String env(String name) {
        return hubContainer.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue)
                .filter(Objects::nonNull).findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static Map<String, String> literalEnvironment(Container container) {
        Map<String, String> env = new TreeMap<>();
        container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }
}
