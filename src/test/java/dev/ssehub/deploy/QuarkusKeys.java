package dev.ssehub.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Quarkus' own configuration keys, by environment variable, as the extensions on the class path
 * document them: each extension jar carries the model its guide's configuration table is made from
 * ({@code META-INF/quarkus-config-doc/quarkus-config-model.json}). Keys of named instances
 * ({@code quarkus.redis."name".hosts}) are left out.
 */
final class QuarkusKeys {

    private static final String MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";

    /** A documented key; {@code values} are the accepted values of an enum or a boolean, empty otherwise. */
    record Key(String property, Set<String> values) {
    }

    private QuarkusKeys() {
    }

    static Map<String, Key> byEnvironmentVariable() throws IOException {
        Map<String, Key> keys = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (URL model : Collections.list(QuarkusKeys.class.getClassLoader().getResources(MODEL))) {
            try (InputStream in = model.openStream()) {
                collect(json.readTree(in), keys);
            }
        }
        return keys;
    }

    private static void collect(JsonNode node, Map<String, Key> keys) {
        JsonNode path = node.path("path");
        if (path.has("environmentVariable") && node.has("type")) {
            Set<String> values = new TreeSet<>();
            node.path("enumAcceptedValues").path("values").forEach(v -> values.add(v.path("configValue").asText()));
            if (node.path("typeDescription").asText().equals("boolean")) {
                values.addAll(Set.of("true", "false"));
            }
            keys.put(path.path("environmentVariable").asText(), new Key(path.path("property").asText(), values));
        }
        node.forEach(child -> collect(child, keys));
    }
}
