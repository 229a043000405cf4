package dev.ssehub.hub.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the matcher over generated inputs, plain JUnit with fixed seeds so that a failure
 * reproduces: random templates from the RFC 6570 grammar and random values (strings with reserved,
 * pct-like and non-ASCII characters, lists, associative arrays, undefined) are expanded by
 * {@link RfcExpander}, and the compiled template must match every expansion. Literal-only
 * templates check the other direction: a near miss must not match.
 */
class UriTemplatePropertiesTest {

    private static final String ASCII_LITERALS =
            "!#$&()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~";
    private static final String[] OPERATORS = {"", "+", "#", ".", "/", ";", "?", "&"};
    private static final String[] NAMES = {"a", "b", "x", "id", "list", "k.v", "_1", "%41b", "v%2Fw", "A.b.C", "9"};
    private static final String[] PCT_LITERALS = {"%2F", "%2f", "%41", "%25", "%C3%A9"};
    private static final String[] UNICODE_LITERALS = {"é", "中", "\uD83D\uDE00", "\uE000", "\uDB80\uDC00", "\u00A0"};
    private static final String[][] VALUE_PIECES = {
        {"a", "b", "c", "X", "Y", "Z", "0", "1", "9", "-", ".", "_", "~"},
        {":", "/", "?", "#", "[", "]", "@", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "="},
        {"%", "%2F", "%2f", "%C3%A9", "%E4%B8%80", "%F0%9F%98%80", "%FF", "%41", "%2", "%zz"},
        {" ", "\"", "<", ">", "\\", "^", "`", "{", "|", "}", "\n", "\u0000", "\u007F"},
        {"é", "中", "\uD83D\uDE00", "\uE000", "\u00A0", "\uFFFD"},
    };
    private static final char[] EDIT_EXTRA = {'é', '中', ' ', '\u0000', '%', 'a', 'A', 'f', 'F'};

    /** A template with its values; names absent from {@code values} or mapped to null are undefined. */
    record Sample(String template, Map<String, Object> values) {
    }

    /** A run of a generated template: its text, the variables it names, and those with a prefix. */
    record Piece(String text, Set<String> names, Set<String> prefixed) {
    }

    @Test
    void theReferenceExpanderReproducesEveryRfcExample() {
        Map<String, Object> values = UriTemplateTest.rfcValues();
        UriTemplateTest.rfcExamples().map(Arguments::get).forEach(row -> {
            String template = (String) row[1];
            assertThat(RfcExpander.expand(template, values)).as("RFC 6570 %s: %s", row[0], template).isEqualTo(row[2]);
        });
    }

    static Stream<Sample> samples() {
        Random random = new Random(6570);
        return IntStream.range(0, 3000).mapToObj(i -> sample(random));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void matchesTheExpansionOfAnyValues(Sample sample) {
        String expansion = RfcExpander.expand(sample.template(), sample.values());

        assertThat(UriTemplate.compile(sample.template()).matches(expansion))
                .as("%s with %s expands to %s", sample.template(), sample.values(), expansion)
                .isTrue();
    }

    @Test
    void literalTemplatesMatchThemselvesAndNoSingleEditOfThem() {
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            String literal = literalTemplate(random);
            String edited = edit(literal, random.nextInt(4), random.nextInt(10_000), editCharacter(random));
            if (edited.equals(literal)) {
                continue;
            }
            UriTemplate template = UriTemplate.compile(literal);
            // Every other URI the template expands to is at least five characters longer (é becomes
            // %C3%A9), so no single edit can reach one.
            assertThat(template.matches(literal)).as(literal).isTrue();
            assertThat(template.matches(RfcExpander.expand(literal, Map.of()))).as(literal).isTrue();
            assertThat(template.matches(edited)).as("%s edited to %s", literal, edited).isFalse();
        }
    }

    @Test
    void aLeadingOrTrailingLiteralMustBeThereAsWritten() {
        Random random = new Random(2);
        for (int i = 0; i < 1000; i++) {
            String literal = asciiLiteral(random);
            Sample sample = sample(random);
            boolean leading = random.nextBoolean();
            String template = leading ? literal + sample.template() : sample.template() + literal;
            String expansion = RfcExpander.expand(template, sample.values());
            int at = (leading ? 0 : expansion.length() - literal.length()) + random.nextInt(literal.length());
            char character = editCharacter(random);
            if (expansion.charAt(at) == character) {
                continue;
            }
            String edited = expansion.substring(0, at) + character + expansion.substring(at + 1);

            // Catches literal characters that reach the regular expression unquoted ('.', '?', '+', '(').
            UriTemplate compiled = UriTemplate.compile(template);
            assertThat(compiled.matches(expansion)).as(template).isTrue();
            assertThat(compiled.matches(edited)).as("%s edited to %s", expansion, edited).isFalse();
        }
    }

    /**
     * A selector checks a template's literal prefix and suffix before its expression runs: that
     * shortcut must never change an answer, for expansions (which match) and edits of them (which
     * mostly do not), with literals of every kind around the expressions.
     */
    @Test
    void theLiteralPreFilterOfASelectorNeverChangesTheAnswer() {
        Random random = new Random(3);
        int matched = 0;
        for (int i = 0; i < 3000; i++) {
            Sample sample = sample(random);
            String template = literalTemplate(random) + sample.template() + literalTemplate(random);
            if (!TopicSelector.isTemplate(template)) {
                continue;
            }
            String expansion = RfcExpander.expand(template, sample.values());
            String edited = edit(expansion, random.nextInt(4), random.nextInt(10_000), editCharacter(random));
            UriTemplate compiled = UriTemplate.compile(template);
            TopicSelector selector = TopicSelector.compile(template);
            for (String uri : List.of(expansion, edited, expansion.substring(0, expansion.length() / 2), "")) {
                assertThat(selector.matches(uri)).as("%s against %s", template, uri).isEqualTo(compiled.matches(uri));
                matched += compiled.matches(uri) ? 1 : 0;
            }
        }
        assertThat(matched).as("matching URIs among those tried").isGreaterThan(2000);
    }

    private static Sample sample(Random random) {
        Piece piece = template(random);
        Map<String, Object> values = new HashMap<>();
        for (String name : piece.names()) {
            values.put(name, piece.prefixed().contains(name) ? stringOrUndefined(random) : anyValue(random));
        }
        return new Sample(piece.text(), values);
    }

    private static Piece template(Random random) {
        List<Piece> pieces = new ArrayList<>();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(3) == 0) {
                String literal = literalTemplate(random);
                if (!literal.isEmpty()) {
                    pieces.add(new Piece(literal, Set.of(), Set.of()));
                }
            } else {
                pieces.add(expression(random));
            }
        }
        return join(pieces);
    }

    private static Piece join(List<Piece> pieces) {
        StringBuilder text = new StringBuilder();
        Set<String> names = new LinkedHashSet<>();
        Set<String> prefixed = new LinkedHashSet<>();
        for (Piece piece : pieces) {
            text.append(piece.text());
            names.addAll(piece.names());
            prefixed.addAll(piece.prefixed());
        }
        return new Piece(text.toString(), names, prefixed);
    }

    private static Piece expression(Random random) {
        String operator = OPERATORS[random.nextInt(OPERATORS.length)];
        List<Piece> specs = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String name = variableName(random);
            int kind = random.nextInt(10);
            String modifier = kind < 5 ? "" : kind < 8 ? "*" : ":" + (1 + random.nextInt(12));
            specs.add(new Piece(name + modifier, Set.of(name), modifier.startsWith(":") ? Set.of(name) : Set.of()));
        }
        Piece joined = join(specs);
        List<String> texts = specs.stream().map(Piece::text).toList();
        return new Piece("{" + operator + String.join(",", texts) + "}", joined.names(), joined.prefixed());
    }

    private static String variableName(Random random) {
        if (random.nextBoolean()) {
            return NAMES[random.nextInt(NAMES.length)];
        }
        return randomString(random, "abcxyz_019", 1 + random.nextInt(3));
    }

    private static String literalTemplate(Random random) {
        StringBuilder out = new StringBuilder();
        int tokens = random.nextInt(7);
        for (int i = 0; i < tokens; i++) {
            switch (random.nextInt(3)) {
                case 0 -> out.append(randomString(random, ASCII_LITERALS, 1 + random.nextInt(4)));
                case 1 -> out.append(PCT_LITERALS[random.nextInt(PCT_LITERALS.length)]);
                default -> out.append(UNICODE_LITERALS[random.nextInt(UNICODE_LITERALS.length)]);
            }
        }
        return out.toString();
    }

    private static String asciiLiteral(Random random) {
        StringBuilder out = new StringBuilder();
        int tokens = 1 + random.nextInt(4);
        for (int i = 0; i < tokens; i++) {
            out.append(random.nextBoolean() ? randomString(random, ASCII_LITERALS, 1 + random.nextInt(4))
                    : PCT_LITERALS[random.nextInt(4)]);
        }
        return out.toString();
    }

    private static char editCharacter(Random random) {
        return random.nextInt(4) == 0 ? EDIT_EXTRA[random.nextInt(EDIT_EXTRA.length)]
                : ASCII_LITERALS.charAt(random.nextInt(ASCII_LITERALS.length()));
    }

    private static Object anyValue(Random random) {
        if (random.nextInt(100) < 15) {
            return null;
        }
        int kind = random.nextInt(7);
        if (kind < 3) {
            return valueString(random);
        }
        if (kind < 5) {
            List<String> list = new ArrayList<>();
            int size = random.nextInt(5);
            for (int i = 0; i < size; i++) {
                list.add(random.nextInt(10) == 0 ? null : valueString(random));
            }
            return list;
        }
        Map<String, String> map = new LinkedHashMap<>();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            map.put(valueString(random), random.nextInt(5) == 0 ? null : valueString(random));
        }
        return map;
    }

    private static Object stringOrUndefined(Random random) {
        return random.nextInt(100) < 15 ? null : valueString(random);
    }

    /** Strings mixing unreserved, reserved, pct-like, disallowed and non-ASCII characters. */
    private static String valueString(Random random) {
        StringBuilder out = new StringBuilder();
        int tokens = random.nextInt(7);
        for (int i = 0; i < tokens; i++) {
            int group = random.nextInt(VALUE_PIECES.length + 1);
            if (group == VALUE_PIECES.length) {
                out.append((char) ('\u0080' + random.nextInt('\uD7FF' - '\u0080')));
            } else {
                String[] pieces = VALUE_PIECES[group];
                out.append(pieces[random.nextInt(pieces.length)]);
            }
        }
        return out.toString();
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String edit(String s, int edit, int position, char character) {
        if (s.isEmpty()) {
            return String.valueOf(character);
        }
        int at = position % s.length();
        return switch (edit) {
            case 0 -> s.substring(0, at) + character + s.substring(at);
            case 1 -> s.substring(0, at) + s.substring(at + 1);
            case 2 -> s.substring(0, at) + character + s.substring(at + 1);
            default -> s.substring(0, at) + flipCase(s.charAt(at)) + s.substring(at + 1);
        };
    }

    private static char flipCase(char c) {
        return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    }
}
