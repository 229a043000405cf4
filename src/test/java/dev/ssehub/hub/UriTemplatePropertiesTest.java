package dev.ssehub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import org.junit.jupiter.params.provider.Arguments;

/**
 * Plain jqwik properties, no container: random templates from the RFC 6570 grammar and random
 * values (strings with reserved, pct-like and non-ASCII characters, lists, associative arrays,
 * undefined) are expanded by {@link RfcExpander}, and the compiled template must match every
 * expansion. Literal-only templates check the other direction: a near miss must not match.
 */
class UriTemplatePropertiesTest {

    private static final String ASCII_LITERALS =
            "!#$&()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~";

    /** A template with its values; names absent from {@code values} or mapped to null are undefined. */
    record Sample(String template, Map<String, Object> values) {
    }

    /** A run of a generated template: its text, the variables it names, and those with a prefix. */
    record Piece(String text, Set<String> names, Set<String> prefixed) {
    }

    @Example
    void theReferenceExpanderReproducesEveryRfcExample() {
        Map<String, Object> values = UriTemplateTest.rfcValues();
        UriTemplateTest.rfcExamples().map(Arguments::get).forEach(row -> {
            String template = (String) row[1];
            assertThat(RfcExpander.expand(template, values)).as("RFC 6570 %s: %s", row[0], template).isEqualTo(row[2]);
        });
    }

    @Property(tries = 3000)
    void matchesTheExpansionOfAnyValues(@ForAll("samples") Sample sample) {
        String expansion = RfcExpander.expand(sample.template(), sample.values());

        assertThat(UriTemplate.compile(sample.template()).matches(expansion))
                .as("%s with %s expands to %s", sample.template(), sample.values(), expansion)
                .isTrue();
    }

    @Property
    void literalTemplatesMatchThemselvesAndNoSingleEditOfThem(
            @ForAll("literalTemplates") String literal,
            @ForAll @IntRange(max = 3) int edit,
            @ForAll @IntRange(max = 10_000) int position,
            @ForAll("editCharacters") char character) {
        UriTemplate template = UriTemplate.compile(literal);
        String edited = edit(literal, edit, position, character);
        Assume.that(!edited.equals(literal));

        // Every other URI the template expands to is at least five characters longer (é becomes %C3%A9),
        // so no single edit can reach one.
        assertThat(template.matches(literal)).isTrue();
        assertThat(template.matches(RfcExpander.expand(literal, Map.of()))).isTrue();
        assertThat(template.matches(edited)).as("edited to %s", edited).isFalse();
    }

    @Property
    void aLeadingOrTrailingLiteralMustBeThereAsWritten(
            @ForAll("asciiLiterals") String literal,
            @ForAll("samples") Sample sample,
            @ForAll boolean leading,
            @ForAll @IntRange(max = 10_000) int position,
            @ForAll("editCharacters") char character) {
        String template = leading ? literal + sample.template() : sample.template() + literal;
        String expansion = RfcExpander.expand(template, sample.values());
        int at = (leading ? 0 : expansion.length() - literal.length()) + position % literal.length();
        Assume.that(expansion.charAt(at) != character);
        String edited = expansion.substring(0, at) + character + expansion.substring(at + 1);

        // Catches literal characters that reach the regular expression unquoted ('.', '?', '+', '(').
        UriTemplate compiled = UriTemplate.compile(template);
        assertThat(compiled.matches(expansion)).isTrue();
        assertThat(compiled.matches(edited)).as("%s edited to %s", expansion, edited).isFalse();
    }

    @Provide
    Arbitrary<Sample> samples() {
        return templates().flatMap(piece -> {
            List<String> names = new ArrayList<>(piece.names());
            if (names.isEmpty()) {
                return Arbitraries.just(new Sample(piece.text(), Map.of()));
            }
            List<Arbitrary<Object>> values = names.stream()
                    .map(name -> piece.prefixed().contains(name) ? stringsOrUndefined() : anyValues())
                    .toList();
            return Combinators.combine(values).as(generated -> {
                Map<String, Object> byName = new HashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    byName.put(names.get(i), generated.get(i));
                }
                return new Sample(piece.text(), byName);
            });
        });
    }

    private Arbitrary<Piece> templates() {
        Arbitrary<Piece> literals = literalTemplates().filter(s -> !s.isEmpty()).map(s -> new Piece(s, Set.of(), Set.of()));
        return Arbitraries.frequencyOf(Tuple.of(1, literals), Tuple.of(2, expressions()))
                .list().ofMaxSize(5)
                .map(UriTemplatePropertiesTest::join);
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

    private Arbitrary<Piece> expressions() {
        Arbitrary<String> operators = Arbitraries.of("", "+", "#", ".", "/", ";", "?", "&");
        Arbitrary<String> modifiers = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just("")),
                Tuple.of(3, Arbitraries.just("*")),
                Tuple.of(2, Arbitraries.integers().between(1, 12).map(n -> ":" + n)));
        Arbitrary<Piece> varspecs = Combinators.combine(variableNames(), modifiers).as((name, modifier) ->
                new Piece(name + modifier, Set.of(name), modifier.startsWith(":") ? Set.of(name) : Set.of()));
        return Combinators.combine(operators, varspecs.list().ofMinSize(1).ofMaxSize(4)).as((operator, specs) -> {
            Piece joined = join(specs);
            List<String> texts = specs.stream().map(Piece::text).toList();
            return new Piece("{" + operator + String.join(",", texts) + "}", joined.names(), joined.prefixed());
        });
    }

    private Arbitrary<String> variableNames() {
        return Arbitraries.oneOf(
                Arbitraries.of("a", "b", "x", "id", "list", "k.v", "_1", "%41b", "v%2Fw", "A.b.C", "9"),
                Arbitraries.strings().withChars("abcxyz_019").ofMinLength(1).ofMaxLength(3));
    }

    @Provide
    Arbitrary<String> literalTemplates() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().withChars(ASCII_LITERALS).ofMinLength(1).ofMaxLength(4),
                        Arbitraries.of("%2F", "%2f", "%41", "%25", "%C3%A9"),
                        Arbitraries.of("é", "中", "\uD83D\uDE00", "\uE000", "\uDB80\uDC00", "\u00A0"))
                .list().ofMaxSize(6)
                .map(tokens -> String.join("", tokens));
    }

    @Provide
    Arbitrary<String> asciiLiterals() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().withChars(ASCII_LITERALS).ofMinLength(1).ofMaxLength(4),
                        Arbitraries.of("%2F", "%2f", "%41", "%25"))
                .list().ofMinSize(1).ofMaxSize(4)
                .map(tokens -> String.join("", tokens));
    }

    @Provide
    Arbitrary<Character> editCharacters() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(ASCII_LITERALS + "%aAfF").ofLength(1).map(s -> s.charAt(0)),
                Arbitraries.of('é', '中', ' ', '\u0000'));
    }

    private Arbitrary<Object> anyValues() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, valueStrings()),
                        Tuple.of(2, valueStrings().injectNull(0.1).list().ofMaxSize(4)),
                        Tuple.of(2, Arbitraries.maps(valueStrings(), valueStrings().injectNull(0.2)).ofMaxSize(3)))
                .injectNull(0.15);
    }

    private Arbitrary<Object> stringsOrUndefined() {
        return valueStrings().injectNull(0.15).map(s -> s);
    }

    /** Strings mixing unreserved, reserved, pct-like, disallowed and non-ASCII characters. */
    private Arbitrary<String> valueStrings() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().withChars("abcXYZ019-._~").ofMinLength(1).ofMaxLength(3),
                        Arbitraries.of(":", "/", "?", "#", "[", "]", "@", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "="),
                        Arbitraries.of("%", "%2F", "%2f", "%C3%A9", "%E4%B8%80", "%F0%9F%98%80", "%FF", "%41", "%2", "%zz"),
                        Arbitraries.of(" ", "\"", "<", ">", "\\", "^", "`", "{", "|", "}", "\n", "\u0000", "\u007F"),
                        Arbitraries.of("é", "中", "\uD83D\uDE00", "\uE000", "\u00A0", "\uFFFD"),
                        Arbitraries.chars().range('\u0080', '\uD7FF').map(String::valueOf))
                .list().ofMaxSize(6)
                .map(tokens -> String.join("", tokens));
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
