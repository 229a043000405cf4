package dev.ssehub.deploy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Kubernetes manifests read into fabric8 model objects, one per YAML document, so that tests compare
 * typed fields instead of strings. Not thread-safe; read once per test.
 */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** One resource and the file it came from. */
    record Manifest(Path file, HasMetadata resource) {
    }

    private final List<Manifest> manifests;

    private Manifests(List<Manifest> manifests) {
        this.manifests = List.copyOf(manifests);
    }

    /** Reads every document of every file; a document of an unknown kind is kept as a {@link GenericKubernetesResource}. */
    static Manifests read(Collection<Path> files) throws IOException {
        List<Manifest> read = new ArrayList<>();
        for (Path file : files) {
            try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (document != null && !document.isNull() && !document.isEmpty()) {
                        read.add(new Manifest(file, SERIALIZATION.unmarshal(document.toString(), HasMetadata.class)));
                    }
                }
            }
        }
        return new Manifests(read);
    }

    List<Manifest> all() {
        return manifests;
    }

    /** Every resource of this kind. */
    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return manifests.stream().map(Manifest::resource).filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The one resource of this kind; fails when there is none or more than one. */
    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The resource of this kind with this name; fails when there is none. */
    <T extends HasMetadata> T named(Class<T> kind, String name) {
        return all(kind).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named " + name));
    }

    /** Whether a selector's labels are all among these labels (match expressions are not used here, so refused). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not checked by this test: " + selector);
        }
        return selects(selector.getMatchLabels(), labels);
    }

    /** Whether every label of a (non-empty) selector is among these labels. */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && labels.entrySet().containsAll(selector.entrySet());
    }

    /**
     * The paths of fields that the model does not know (a misspelt {@code readinesProbe} lands in
     * {@code additionalProperties} and Kubernetes would ignore or refuse it).
     */
    static List<String> unknownFields(Object model) {
        List<String> found = new ArrayList<>();
        collectUnknown(model, "", found);
        return found;
    }

    private static void collectUnknown(Object value, String path, List<String> found) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", found);
            }
        } else if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> collectUnknown(item, path + "." + key, found));
        } else if (value != null && value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            for (Method getter : value.getClass().getMethods()) {
                if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                        || !getter.getName().startsWith("get")) {
                    continue;
                }
                Class<?> type = getter.getReturnType();
                boolean extra = getter.getName().equals("getAdditionalProperties");
                if (extra || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
                        || type.getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
                    Object child = invoke(getter, value);
                    if (extra && child instanceof Map<?, ?> unknown) {
                        unknown.keySet().forEach(key -> found.add(path + "." + key));
                    } else if (!extra) {
                        collectUnknown(child, path + "." + property(getter), found);
                    }
                }
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot read " + getter, e);
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
