package dev.ssehub.urlpattern;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The web-platform-tests vectors of the URL Pattern Standard ({@code urlpattern/urlpatterntestdata.json},
 * see the README beside it) as constructor-string cases. A string pattern is used as it is, with its
 * base URL; a dictionary pattern or input is written as a URL string, each component in its place
 * and {@code https}, {@code example.com} where it has none (so {@code {pathname: "/foo/:bar"}}
 * becomes {@code https://example.com/foo/:bar}), or, with a {@code baseURL} and no protocol, as a
 * relative pattern against it. That changes what some vectors test, but not what is compared: both
 * implementations get the same strings. Vectors that enable {@code ignoreCase} are left out.
 */
final class WptVectors {

    private static final String RESOURCE = "/urlpattern/urlpatterntestdata.json";
    private static final List<String> COMPONENTS = List.of("protocol", "username", "password", "hostname", "port",
            "pathname", "search", "hash");

    private WptVectors() {
    }

    static List<PatternCase> load() throws IOException {
        List<Map<String, List<Object>>> vectors;
        try (InputStream in = WptVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test resources");
            }
            vectors = new ObjectMapper().readValue(in, new TypeReference<List<Map<String, List<Object>>>>() {
            });
        }
        List<PatternCase> cases = new ArrayList<>();
        int ignoreCase = 0;
        for (int i = 0; i < vectors.size(); i++) {
            List<Object> pattern = vectors.get(i).get("pattern");
            if (pattern.stream().anyMatch(argument -> argument instanceof Map && ((Map<?, ?>) argument).containsKey("ignoreCase"))) {
                ignoreCase++;
                continue;
            }
            String base = null;
            String text;
            Object first = pattern.isEmpty() ? Map.of() : pattern.get(0);
            if (first instanceof String) {
                text = (String) first;
                base = pattern.size() > 1 && pattern.get(1) instanceof String ? (String) pattern.get(1) : null;
            } else {
                Map<?, ?> init = (Map<?, ?>) first;
                base = (String) init.get("baseURL");
                text = urlString(init, base != null && !init.containsKey("protocol"), true);
            }
            List<String> inputs = new ArrayList<>();
            for (Object input : vectors.get(i).get("inputs")) {
                if (input instanceof String) {
                    inputs.add((String) input);
                } else {
                    Map<?, ?> init = (Map<?, ?>) input;
                    inputs.add(urlString(init, false, false));
                }
            }
            cases.add(new PatternCase("wpt#" + i, text, base, inputs));
        }
        System.out.printf("web-platform-tests vectors: %d of %d used, %d left out because they enable ignoreCase%n",
                cases.size(), vectors.size(), ignoreCase);
        return cases;
    }

    /** A URL string, or a pattern string, with the components of {@code init}; relative when asked. */
    private static String urlString(Map<?, ?> init, boolean relative, boolean pattern) {
        StringBuilder out = new StringBuilder();
        if (!relative) {
            out.append(stripSuffix(component(init, "protocol", "https"), ":")).append("://");
            String username = component(init, "username", null);
            String password = component(init, "password", null);
            if (username != null || password != null) {
                out.append(username == null ? "" : username).append(password == null ? "" : ":" + password).append('@');
            }
            out.append(component(init, "hostname", "example.com"));
            String port = component(init, "port", "");
            if (!port.isEmpty()) {
                out.append(':').append(port);
            }
        }
        String pathname = component(init, "pathname", "");
        if (!relative && !pathname.isEmpty() && !pathname.startsWith("/")) {
            out.append('/');
        }
        out.append(pathname);
        String search = component(init, "search", null);
        if (search != null) {
            out.append(pattern ? "\\?" : "?").append(search.startsWith("?") ? search.substring(1) : search);
        }
        String hash = component(init, "hash", null);
        if (hash != null) {
            out.append('#').append(hash.startsWith("#") ? hash.substring(1) : hash);
        }
        return out.toString();
    }

    private static String component(Map<?, ?> init, String name, String fallback) {
        assert COMPONENTS.contains(name);
        Object value = init.get(name);
        return value instanceof String ? (String) value : fallback;
    }

    private static String stripSuffix(String text, String suffix) {
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }
}
