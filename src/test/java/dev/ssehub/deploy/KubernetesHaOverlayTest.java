package dev.ssehub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * What {@code kubectl kustomize} makes of the base ({@code deploy/kubernetes}) and of the HA overlay
 * ({@code deploy/kubernetes-ha}), held to Kubernetes' OpenAPI schemas and to the application: every
 * object validates; every Service, disruption budget and NetworkPolicy selects pods that exist; the
 * hub is probed on its health endpoints and reads only documented keys. For the overlay: the hub
 * finds the master through the sentinels and waits for a replica, the sentinels keep a quorum with
 * any one pod or zone gone, and the pods are spread so that a node takes one of each with it. Plain
 * JUnit with {@code kubectl} (see {@link Kustomize}); no cluster. {@link KubernetesManifestsTest}
 * checks the base's files in more detail.
 */
class KubernetesHaOverlayTest {

    private static final String BASE = "kubernetes";
    private static final String HA = "kubernetes-ha";
    private static final Path CONFIGURATION = Path.of("docs", "CONFIGURATION.md");
    private static final Pattern DOCUMENTED_ENV = Pattern.compile("^\\| `hub\\.[a-z0-9.-]+` \\| `([A-Z0-9_]+)` \\|");
    private static final String HOSTNAME = "kubernetes.io/hostname";
    private static final String ZONE = "topology.kubernetes.io/zone";

    @TempDir
    static Path workDir;

    private static final Map<String, Rendered> RENDERED = new TreeMap<>();

    /** The documents of one rendering, as JSON trees and as fabric8 model objects. */
    record Rendered(List<JsonNode> documents, Manifests manifests) {

        List<PodTemplateSpec> podTemplates() {
            List<PodTemplateSpec> templates = new ArrayList<>();
            manifests.all(Deployment.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
            manifests.all(StatefulSet.class).forEach(s -> templates.add(s.getSpec().getTemplate()));
            return templates;
        }

        Deployment hub() {
            return manifests.named(Deployment.class, "sse-hub");
        }

        Container hubContainer() {
            return container(hub().getSpec().getTemplate(), "sse-hub");
        }

        StatefulSet redis() {
            return manifests.one(StatefulSet.class);
        }
    }

    @BeforeAll
    static void render() throws Exception {
        Kustomize.requireKubectl();
        for (String folder : List.of(BASE, HA)) {
            Path file = Kustomize.build(workDir, folder);
            List<JsonNode> documents = new ArrayList<>();
            try (MappingIterator<JsonNode> read = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
                read.forEachRemaining(d -> {
                    if (d != null && !d.isEmpty()) {
                        documents.add(d);
                    }
                });
            }
            RENDERED.put(folder, new Rendered(documents, Manifests.read(List.of(file))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, HA})
    void everyObjectValidatesAgainstTheKubernetesSchemas(String folder) {
        Rendered rendered = RENDERED.get(folder);
        assertThat(rendered.documents()).hasSize(rendered.manifests().all().size());
        for (JsonNode document : rendered.documents()) {
            String name = document.path("kind").asText() + " " + document.path("metadata").path("name").asText();
            assertThat(OpenApiSchemas.problem(document)).as("%s: %s against the OpenAPI schema", folder, name).isEmpty();
        }
        for (Manifests.Manifest manifest : rendered.manifests().all()) {
            HasMetadata resource = manifest.resource();
            assertThat(Manifests.unknownFields(resource)).as("%s: %s fields fabric8 does not know", folder, resource.getKind())
                    .isEmpty();
            if (!resource.getKind().equals("Namespace")) {
                assertThat(resource.getMetadata().getNamespace()).as("%s: namespace of %s %s", folder, resource.getKind(),
                        resource.getMetadata().getName()).isEqualTo("sse-hub");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, HA})
    void servicesBudgetsAndPoliciesSelectPodsThatExist(String folder) {
        Rendered rendered = RENDERED.get(folder);
        List<PodTemplateSpec> pods = rendered.podTemplates();
        for (Service service : rendered.manifests().all(Service.class)) {
            List<PodTemplateSpec> selected = selectedBy(service.getSpec().getSelector(), pods);
            assertThat(selected).as("%s: pods of Service %s", folder, service.getMetadata().getName()).hasSize(1);
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(containerPort(selected.get(0), port.getTargetPort())).as("%s: Service %s port %s", folder,
                        service.getMetadata().getName(), port.getName()).isNotNull();
            }
        }
        for (PodDisruptionBudget budget : rendered.manifests().all(PodDisruptionBudget.class)) {
            assertThat(selectedBy(budget.getSpec().getSelector(), pods)).as("%s: pods of PodDisruptionBudget %s", folder,
                    budget.getMetadata().getName()).hasSize(1);
        }
        for (NetworkPolicy policy : rendered.manifests().all(NetworkPolicy.class)) {
            List<PodTemplateSpec> protectedPods = selectedBy(policy.getSpec().getPodSelector(), pods);
            assertThat(protectedPods).as("%s: pods of NetworkPolicy %s", folder, policy.getMetadata().getName()).hasSize(1);
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    assertThat(selectedBy(peer.getPodSelector(), pods)).as("%s: peers of %s", folder, policy.getMetadata().getName())
                            .hasSize(1);
                }
                for (NetworkPolicyPort port : rule.getPorts()) {
                    assertThat(containerPort(protectedPods.get(0), port.getPort())).as("%s: NetworkPolicy port %s", folder,
                            port.getPort()).isNotNull();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, HA})
    void hubIsProbedOnItsHealthEndpoints(String folder) throws IOException {
        Container hub = RENDERED.get(folder).hubContainer();
        ApplicationSettings settings = ApplicationSettings.withEnvironment(literalEnvironment(hub));
        assertThat(settings.healthPath("live")).isEqualTo("/q/health/live");
        assertThat(settings.healthPath("ready")).isEqualTo("/q/health/ready");
        assertHttpProbe(hub, hub.getLivenessProbe(), settings.healthPath("live"));
        assertHttpProbe(hub, hub.getReadinessProbe(), settings.healthPath("ready"));
        assertHttpProbe(hub, hub.getStartupProbe(), settings.healthPath("started"));
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, HA})
    void hubReadsOnlyDocumentedKeys(String folder) throws IOException {
        Container hub = RENDERED.get(folder).hubContainer();
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(CONFIGURATION)) {
            Matcher row = DOCUMENTED_ENV.matcher(line);
            if (row.find()) {
                documented.add(row.group(1));
            }
        }
        Set<String> declared = ApplicationSettings.hubEnvironmentVariables();
        Map<String, QuarkusKeys.Key> quarkus = QuarkusKeys.byEnvironmentVariable();
        assertThat(quarkus).as("Quarkus' configuration models on the class path").containsKey("QUARKUS_REDIS_HOSTS");

        for (EnvVar env : hub.getEnv()) {
            String name = env.getName();
            if (name.startsWith("HUB_")) {
                assertThat(documented).as("%s: %s in the table of %s", folder, name, CONFIGURATION).contains(name);
                assertThat(declared).as("%s: %s a key of HubConfig", folder, name).contains(name);
            } else {
                assertThat(quarkus).as("%s: %s, a key that Quarkus documents", folder, name).containsKey(name);
                Set<String> accepted = quarkus.get(name).values();
                if (!accepted.isEmpty() && env.getValue() != null) {
                    assertThat(accepted).as("%s: accepted values of %s", folder, name).contains(env.getValue());
                }
            }
        }
        // Reading the mapping converts every hub.* value given: a malformed one fails here.
        assertThat(ApplicationSettings.withEnvironment(literalEnvironment(hub)).hub().heartbeat()).isPositive();
    }

    @Test
    void hubFindsTheMasterThroughTheSentinelsAndWaitsForAReplica() {
        Rendered ha = RENDERED.get(HA);
        assertThat(ha.hub().getSpec().getReplicas()).isEqualTo(3);
        StatefulSet redis = ha.redis();
        int pods = redis.getSpec().getReplicas();
        assertThat(pods).as("Redis pods: a master and two replicas").isEqualTo(3);

        int minReplicas = Integer.parseInt(env(ha.hubContainer(), "HUB_REDIS_MIN_REPLICAS"));
        assertThat(minReplicas).as("replicas that must acknowledge a publish").isEqualTo(1)
                .as("one replica may be lost without refusing publishes").isLessThan(pods - 1);
        assertThat(env(ha.hubContainer(), "QUARKUS_REDIS_CLIENT_TYPE")).isEqualTo("sentinel");
        assertThat(env(ha.hubContainer(), "QUARKUS_REDIS_ROLE")).isEqualTo("master");
        assertThat(env(ha.hubContainer(), "QUARKUS_REDIS_MASTER_NAME")).as("the master set the sentinels monitor")
                .isEqualTo(sentinelMonitor(ha).get(1));

        Service headless = ha.manifests().named(Service.class, redis.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).as("the StatefulSet's governing Service is headless").isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).as("pods' names resolve before they are ready").isTrue();
        int sentinelPort = containerPort(redis.getSpec().getTemplate(), new IntOrString("sentinel")).getContainerPort();
        assertThat(headless.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getPort()).isEqualTo(sentinelPort));

        Set<String> sentinels = IntStream.range(0, pods)
                .mapToObj(i -> "redis://" + redis.getMetadata().getName() + "-" + i + "." + headless.getMetadata().getName()
                        + ":" + sentinelPort)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> hosts = new TreeSet<>(List.of(env(ha.hubContainer(), "QUARKUS_REDIS_HOSTS").split(",")));
        assertThat(hosts).as("QUARKUS_REDIS_HOSTS: every sentinel, by pod name").isEqualTo(sentinels);
        hosts.forEach(h -> assertThat(URI.create(h).getHost()).isNotNull());
        assertThat(ha.manifests().all(Service.class)).as("no Service that would lead the hub to a read-only replica")
                .noneMatch(s -> !"None".equals(s.getSpec().getClusterIP())
                        && Manifests.selects(s.getSpec().getSelector(), redis.getSpec().getTemplate().getMetadata().getLabels()));
    }

    @Test
    void twoOfThreeSentinelsDecideSoAnyOnePodMayBeLost() {
        Rendered ha = RENDERED.get(HA);
        StatefulSet redis = ha.redis();
        long sentinelsPerPod = redis.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getCommand() != null && c.getCommand().contains("sentinel")).count();
        assertThat(sentinelsPerPod).as("a sentinel container in each Redis pod").isEqualTo(1);
        int sentinels = redis.getSpec().getReplicas();
        List<String> monitor = sentinelMonitor(ha);
        int quorum = Integer.parseInt(monitor.get(4));
        assertThat(sentinels).isEqualTo(3);
        assertThat(quorum).as("quorum of %d sentinels", sentinels).isEqualTo(2)
                .as("a majority").isGreaterThan(sentinels / 2)
                .as("reachable with one sentinel gone").isLessThanOrEqualTo(sentinels - 1);
        assertThat(monitor.get(3)).as("the script's redis port").isEqualTo(String.valueOf(
                containerPort(redis.getSpec().getTemplate(), new IntOrString("redis")).getContainerPort()));

        String conf = redisConfig(ha, "sentinel.conf");
        assertThat(setting(conf, "sentinel down-after-milliseconds " + monitor.get(1)))
                .as("down-after-milliseconds: above a pause or a blip, well below a long outage")
                .isNotNull().satisfies(ms -> assertThat(Integer.parseInt(ms)).isBetween(3000, 10000));
        assertThat(setting(conf, "sentinel resolve-hostnames")).isEqualTo("yes");
        assertThat(setting(conf, "sentinel announce-hostnames")).isEqualTo("yes");
        assertThat(conf.indexOf("sentinel resolve-hostnames")).as("resolve-hostnames before the monitor line")
                .isLessThan(conf.indexOf("sentinel monitor"));
        assertThat(setting(conf, "port")).isEqualTo(String.valueOf(
                containerPort(redis.getSpec().getTemplate(), new IntOrString("sentinel")).getContainerPort()));
        assertThat(setting(redisConfig(ha, "redis.conf"), "port")).isEqualTo(monitor.get(3));
    }

    @Test
    void redisPodsStartAndHandOverThroughTheScript() throws Exception {
        Rendered ha = RENDERED.get(HA);
        StatefulSet redis = ha.redis();
        PodTemplateSpec pod = redis.getSpec().getTemplate();
        ConfigMap scripts = ha.manifests().one(ConfigMap.class);
        assertThat(pod.getSpec().getVolumes()).as("the script's ConfigMap, by its generated name")
                .anySatisfy(v -> assertThat(v.getConfigMap()).isNotNull()
                        .satisfies(c -> assertThat(c.getName()).isEqualTo(scripts.getMetadata().getName())));
        Container redisContainer = container(pod, "redis");
        Container sentinel = container(pod, "sentinel");
        assertThat(redisContainer.getCommand()).containsExactly("sh", "/scripts/redis-ha.sh", "redis");
        assertThat(redisContainer.getArgs()).as("no arguments left from the base").isNullOrEmpty();
        assertThat(sentinel.getCommand()).containsExactly("sh", "/scripts/redis-ha.sh", "sentinel");
        assertThat(redisContainer.getLifecycle().getPreStop().getExec().getCommand())
                .containsExactly("sh", "/scripts/redis-ha.sh", "handover");
        for (Container container : List.of(redisContainer, sentinel)) {
            assertThat(container.getVolumeMounts()).as("%s mounts", container.getName())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/scripts"))
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/conf"));
        }
        // The handover waits up to 20 s for the promotion; the pod must be given that long.
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(20L);

        String script = scripts.getData().get("redis-ha.sh");
        assertThat(script).contains("REDIS_PORT=" + setting(redisConfig(ha, "redis.conf"), "port"))
                .contains("SENTINEL_PORT=" + setting(redisConfig(ha, "sentinel.conf"), "port"));
        Path file = workDir.resolve("redis-ha.sh");
        Files.writeString(file, script);
        Process syntax = new ProcessBuilder("sh", "-n", file.toString()).redirectErrorStream(true).start();
        assertThat(syntax.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(syntax.exitValue()).as("sh -n redis-ha.sh: %s", new String(syntax.getInputStream().readAllBytes()))
                .isZero();
    }

    @Test
    void aNodeOrAZoneTakesAtMostOneSentinelAndOneHub() {
        Rendered ha = RENDERED.get(HA);
        for (PodTemplateSpec pod : ha.podTemplates()) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            String name = labels.get("app.kubernetes.io/name");
            PodAntiAffinity anti = pod.getSpec().getAffinity().getPodAntiAffinity();
            List<PodAffinityTerm> terms = new ArrayList<>(Objects.requireNonNullElse(
                    anti.getRequiredDuringSchedulingIgnoredDuringExecution(), List.of()));
            Objects.requireNonNullElse(anti.getPreferredDuringSchedulingIgnoredDuringExecution(), List.<WeightedPodAffinityTerm>of())
                    .forEach(w -> terms.add(w.getPodAffinityTerm()));
            assertThat(terms).as("%s: anti-affinity to its own pods by node", name).anySatisfy(t -> {
                assertThat(t.getTopologyKey()).isEqualTo(HOSTNAME);
                assertThat(Manifests.selects(t.getLabelSelector(), labels)).isTrue();
            });
            List<TopologySpreadConstraint> spread = pod.getSpec().getTopologySpreadConstraints();
            for (String key : List.of(HOSTNAME, ZONE)) {
                assertThat(spread).as("%s: spread over %s", name, key).anySatisfy(s -> {
                    assertThat(s.getTopologyKey()).isEqualTo(key);
                    assertThat(s.getMaxSkew()).isEqualTo(1);
                    assertThat(Manifests.selects(s.getLabelSelector(), labels)).isTrue();
                });
            }
            assertThat(spread.stream().map(TopologySpreadConstraint::getTopologyKey))
                    .as("%s: one constraint per topology", name).doesNotHaveDuplicates();
        }
        // Two sentinels on one node would let one node's loss stop every failover: a rule, not a preference.
        StatefulSet redis = ha.redis();
        assertThat(redis.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
                .anySatisfy(t -> assertThat(t.getTopologyKey()).isEqualTo(HOSTNAME));
    }

    @Test
    void disruptionsLeaveAQuorumAndTwoHubs() {
        Rendered ha = RENDERED.get(HA);
        int quorum = Integer.parseInt(sentinelMonitor(ha).get(4));
        Map<String, Integer> left = new TreeMap<>();
        for (PodDisruptionBudget budget : ha.manifests().all(PodDisruptionBudget.class)) {
            for (Deployment d : ha.manifests().all(Deployment.class)) {
                if (Manifests.selects(budget.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels())) {
                    left.put("hub", d.getSpec().getReplicas() - budget.getSpec().getMaxUnavailable().getIntVal());
                }
            }
            for (StatefulSet s : ha.manifests().all(StatefulSet.class)) {
                if (Manifests.selects(budget.getSpec().getSelector(), s.getSpec().getTemplate().getMetadata().getLabels())) {
                    left.put("redis", s.getSpec().getReplicas() - budget.getSpec().getMaxUnavailable().getIntVal());
                }
            }
        }
        assertThat(left).as("pods left during a voluntary disruption").containsOnlyKeys("hub", "redis");
        assertThat(left.get("hub")).isGreaterThanOrEqualTo(2);
        assertThat(left.get("redis")).as("sentinels left, against the quorum").isGreaterThanOrEqualTo(quorum);
    }

    @Test
    void hubReachesRedisAndTheSentinelsWhichReachEachOther() {
        Rendered ha = RENDERED.get(HA);
        NetworkPolicy policy = ha.manifests().one(NetworkPolicy.class);
        Map<String, String> redisPod = ha.redis().getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> hubPod = ha.hub().getSpec().getTemplate().getMetadata().getLabels();
        assertThat(Manifests.selects(policy.getSpec().getPodSelector(), redisPod)).isTrue();
        assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
        for (Map<String, String> from : List.of(hubPod, redisPod)) {
            for (String port : List.of("redis", "sentinel")) {
                assertThat(policy.getSpec().getIngress()).as("%s may reach port %s", from.get("app.kubernetes.io/name"), port)
                        .anySatisfy(rule -> {
                            assertThat(rule.getFrom()).anySatisfy(p -> assertThat(Manifests.selects(p.getPodSelector(), from)).isTrue());
                            assertThat(rule.getPorts()).anySatisfy(p -> assertThat(p.getPort()).isEqualTo(new IntOrString(port)));
                        });
            }
        }
    }

    /** The words of the {@code sentinel monitor <name> <host> <port> <quorum>} line. */
    private static List<String> sentinelMonitor(Rendered ha) {
        String line = redisConfig(ha, "sentinel.conf").lines().filter(l -> l.startsWith("sentinel monitor ")).findFirst()
                .orElseThrow(() -> new AssertionError("no sentinel monitor line"));
        List<String> words = List.of(line.trim().split("\\s+"));
        assertThat(words).hasSize(6);
        return words.subList(1, 6);
    }

    private static String redisConfig(Rendered ha, String file) {
        String content = ha.manifests().one(ConfigMap.class).getData().get(file);
        assertThat(content).as("%s in the Redis ConfigMap", file).isNotNull();
        return content;
    }

    /** The value of a configuration line that starts with {@code directive}, or null. */
    private static String setting(String conf, String directive) {
        return conf.lines().map(String::trim).filter(l -> l.startsWith(directive + " "))
                .map(l -> l.substring(directive.length()).trim()).findFirst().orElse(null);
    }

    private static List<PodTemplateSpec> selectedBy(Map<String, String> selector, List<PodTemplateSpec> pods) {
        return pods.stream().filter(p -> Manifests.selects(selector, p.getMetadata().getLabels())).toList();
    }

    private static List<PodTemplateSpec> selectedBy(LabelSelector selector, List<PodTemplateSpec> pods) {
        return pods.stream().filter(p -> Manifests.selects(selector, p.getMetadata().getLabels())).toList();
    }

    /** The container port that a port given by name or number refers to, in any container of the pod, or null. */
    private static ContainerPort containerPort(PodTemplateSpec pod, IntOrString ref) {
        return pod.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                .filter(p -> ref.getIntVal() != null ? ref.getIntVal().equals(p.getContainerPort()) : ref.getStrVal().equals(p.getName()))
                .findFirst().orElse(null);
    }

    private static Container container(PodTemplateSpec pod, String name) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    private static void assertHttpProbe(Container container, Probe probe, String path) {
        assertThat(probe).as("probe on %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(container.getPorts()).as("probe %s on a port of the container", path)
                .anySatisfy(p -> assertThat(probe.getHttpGet().getPort()).isIn(new IntOrString(p.getName()),
                        new IntOrString(p.getContainerPort())));
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).filter(Objects::nonNull)
                .findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static Map<String, String> literalEnvironment(Container container) {
        Map<String, String> env = new TreeMap<>();
        container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }
}
