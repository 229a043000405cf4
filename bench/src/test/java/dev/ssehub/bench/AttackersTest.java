package dev.ssehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Plain JUnit: the attack's request is text; that it is the flood is what matters here. */
class AttackersTest {

    @Test
    void everyAttackerAsksForThirtyDistinctTemplatesOfSixtyFourVariables() {
        Set<String> all = new HashSet<>();
        for (int n = 0; n < Attackers.CONNECTIONS; n++) {
            List<String> topics = topics(Attackers.path(n, 0));
            assertEquals(Attackers.SELECTORS, topics.size());
            all.addAll(topics);
        }
        assertEquals(Attackers.CONNECTIONS * Attackers.SELECTORS, all.size());
        StringBuilder variables = new StringBuilder();
        for (int v = 0; v < Attackers.VARIABLES; v++) {
            variables.append("{+v").append(v).append('}');
        }
        assertTrue(all.contains(variables + "/c7s29"), "the issue's selector for connection 7, selector 29");
    }

    @Test
    void selectorsArePercentEncodedInTheQuery() {
        String query = Attackers.path(0, 0).substring(Attackers.path(0, 0).indexOf('?') + 1);
        assertFalse(query.contains("{") || query.contains("}") || query.contains("+") || query.contains("/"), query);
    }

    @Test
    void aFreshRetryAsksForSelectorsNeverAskedForBefore() {
        Set<String> first = new HashSet<>(topics(Attackers.path(3, 0)));
        List<String> retry = topics(Attackers.path(3, 1));
        assertTrue(retry.stream().noneMatch(first::contains), retry.toString());
    }

    private static List<String> topics(String path) {
        List<String> topics = new ArrayList<>();
        for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
            assertTrue(pair.startsWith("topic="), pair);
            topics.add(URLDecoder.decode(pair.substring("topic=".length()), StandardCharsets.UTF_8));
        }
        return topics;
    }
}
