package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ssehub.hub.Update;
import dev.ssehub.problem.ProblemException;

/** What a publish form may contain; plain JUnit, the rules are pure. */
class UpdateFormTest {

    private final UpdateForm form = new UpdateForm(3, 16, "https://hub.example.com/.well-known/mercure", List.of("/.well-known/mercure"));

    private static Map<String, List<String>> fields(String... nameValues) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.computeIfAbsent(nameValues[i], k -> new java.util.ArrayList<>()).add(nameValues[i + 1]);
        }
        return fields;
    }

    private ProblemException refused(Map<String, List<String>> fields) {
        try {
            form.read(fields);
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("accepted " + fields);
    }

    @Test
    void everyFieldIsRead() {
        Update update = form.read(fields("topic", "/a", "topic", "/b", "data", "x\ny", "private", "", "id", "urn:x:1",
                "type", "changed", "retry", "2500"));
        assertThat(update).isEqualTo(new Update("urn:x:1", List.of("/a", "/b"), "x\ny", "changed",
                Duration.ofMillis(2500), true));
    }

    @Test
    void absentOrEmptyOptionalFieldsTakeTheirDefaults() {
        Update update = form.read(fields("topic", "/a", "id", "", "type", "", "retry", ""));
        assertThat(update).isEqualTo(new Update(null, List.of("/a"), "", null, null, false));
    }

    @Test
    void aTopicIsRequiredAndNotEmpty() {
        assertThat(refused(fields("data", "x")).detail()).contains("topic is required");
        assertThat(refused(fields("topic", "")).detail()).contains("topic must not be empty");
        assertThat(refused(fields("topic", "/a\u0007")).detail()).contains("control or invisible format characters");
        assertThat(refused(fields("topic", "/a\u200B")).detail()).as("a zero-width space (Cf) hides in a topic")
                .contains("U+200B");
    }

    @Test
    void tooManyTopicsAreRefused() {
        ProblemException e = refused(fields("topic", "/1", "topic", "/2", "topic", "/3", "topic", "/4"));
        assertThat(e.status()).as("a size limit: 413 Content Too Large").isEqualTo(413);
        assertThat(e.detail()).contains("at most 3 topics").contains("hub.max-topics");
    }

    @Test
    void whatTheHubGeneratesCannotBeForged() {
        assertThat(refused(fields("topic", "*")).detail()).contains("must not be '*'");
        assertThat(refused(fields("topic", "/a", "topic", "*")).detail()).as("an alternate topic too")
                .contains("must not be '*'");
        assertThat(refused(fields("topic", "/a", "type", "mercure")).detail()).contains("type must not be 'mercure'");
        assertThat(form.read(fields("topic", "/a", "type", "Mercure")).type()).as("only the exact reserved type")
                .isEqualTo("Mercure");
    }

    @Test
    void noTopicMayLieUnderTheHubsPathInAnySpelling() {
        for (String topic : List.of("/.well-known/mercure", "/.well-known/mercure/subscriptions/exact/a/b",
                "https://hub.example.com/.well-known/mercure/subscriptions/x/y",
                "https://elsewhere.example/.well-known/mercure/x", "http://hub.example.com:8080/.well-known/mercure",
                "/.well-known/%6Dercure/subscriptions", "/.well-known/%6dercure", "/.well-known/x/../mercure/y",
                "/.well-known/%2e%2E/.well-known/mercure", "https://hub.example.com\\.well-known\\mercure\\x",
                "mercure/subscriptions", "../../.well-known/mercure", "//other.example/.well-known/mercure/z",
                "/.well-known/mercure?x=1", "/.well-known/mercure#frag", "/./.well-known/mercure")) {
            ProblemException e = refused(fields("topic", "/ok", "topic", topic));
            assertThat(e.status()).as(topic).isEqualTo(400);
            assertThat(e.detail()).as(topic).contains("the hub's own path");
        }
        for (String topic : List.of("/.well-known/mercurex", "/.well-known/Mercure/x", "/.well-known/mercure%2Fx",
                "https://example.com/books/1", "urn:uuid:1", "not a url at all", "/.well-known/mercure-ish",
                "mailto:a@b.c?subject=/.well-known/mercure")) {
            assertThat(form.read(fields("topic", topic)).topic()).as(topic).isEqualTo(topic);
        }
    }

    @Test
    void dataOverTheLimitIsRefusedWith413CountingUtf8Bytes() {
        assertThat(form.read(fields("topic", "/a", "data", "x".repeat(16))).data()).hasSize(16);
        assertThat(refused(fields("topic", "/a", "data", "x".repeat(17))).status()).isEqualTo(413);
        // 6 characters, 18 bytes of UTF-8.
        assertThat(refused(fields("topic", "/a", "data", "éééééé".repeat(1) + "ééé")).status()).isEqualTo(413);
        assertThat(UpdateForm.utf8Length("a é 世 😀")).isEqualTo(1 + 1 + 2 + 1 + 3 + 1 + 4);
    }

    @Test
    void anIdStartingWithHashIsReserved() {
        assertThat(refused(fields("topic", "/a", "id", "#1")).detail()).contains("must not start with '#'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\u0000b", "x\r\nevent: spoofed", "a\u000bb", "a\u007fb", "a\u0085b",
        "a\u200bb", "a\u202eb", "\ufeffa"})
    void controlAndFormatCharactersInIdOrTypeAreRefused(String value) {
        assertThat(refused(fields("topic", "/a", "id", value)).detail())
                .contains("id must not contain control or invisible format characters");
        assertThat(refused(fields("topic", "/a", "type", value)).detail())
                .contains("type must not contain control or invisible format characters");
    }

    @Test
    void theIdEarliestIsReserved() {
        assertThat(refused(fields("topic", "/a", "id", "earliest")).detail()).contains("id must not be 'earliest'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "abc", "1e3", " 5", "0x10", "9999999999999"})
    void retryMustBeANonNegativeInteger(String retry) {
        assertThat(refused(fields("topic", "/a", "retry", retry)).detail()).contains("retry must be a non-negative integer");
    }

    @Test
    void singleValuedFieldsUseTheirFirstValueAndUnknownFieldsAreIgnored() {
        Update update = form.read(fields("topic", "/a", "data", "first", "data", "second", "target", "x"));
        assertThat(update.data()).isEqualTo("first");
        assertThat(form.read(Collections.singletonMap("topic", List.of("/a"))).topics()).containsExactly("/a");
    }
}
