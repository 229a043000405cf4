package dev.ssehub.urlpattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.ssehub.urlpattern.UrlPatternException.Kind;

/**
 * The limits that keep an untrusted pattern cheap, and the pathological patterns a backtracking
 * engine would stall on, which RE2/J answers (the assertions are on answers, never on time: a test
 * that hangs fails by Surefire's timeout).
 */
class UrlPatternLimitsTest {

    private static UrlPattern compile(String pattern) throws UrlPatternException {
        return UrlPattern.compile(pattern, null, UrlPatternLimits.DEFAULT);
    }

    private static void assertTooLarge(String pattern, String message) {
        assertThatThrownBy(() -> compile(pattern)).isInstanceOfSatisfying(UrlPatternException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void theDefaultsAreDocumentedValues() {
        assertThat(UrlPatternLimits.DEFAULT).isEqualTo(new UrlPatternLimits(2048, 64, 10_000));
        assertThatThrownBy(() -> new UrlPatternLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPatternLongerThanTheLimitIsRefusedWhereItGoesOver() {
        String pattern = "https://example.com/" + "a".repeat(2048);
        assertThatThrownBy(() -> compile(pattern)).isInstanceOfSatisfying(UrlPatternException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
            assertThat(e.index()).isEqualTo(2048);
            assertThat(e.getMessage()).contains("2068 characters").contains("2048");
        });
    }

    @Test
    void tooManyPartsAreRefused() throws Exception {
        StringBuilder pattern = new StringBuilder("https://example.com");
        for (int i = 0; i < 60; i++) {
            pattern.append("/:p").append(i);
        }
        assertTooLarge(pattern.toString(), "at most 64");
        assertThat(UrlPattern.compile(pattern.toString(), null, new UrlPatternLimits(2048, 100, 100_000))
                .matches("https://example.com" + "/x".repeat(60))).isTrue();
    }

    @Test
    void largeCountedRepetitionsAreRefusedBeforeOrAfterCompiling() {
        assertTooLarge("https://a/([a-z]{1001})", "above 1000");
        assertTooLarge("https://a/((?:(?:a{1000}){1000}){1000})", "larger than 10000");
        assertTooLarge("https://a/([a-z]{900})/([a-z]{900})/([a-z]{900})/([a-z]{900})/([a-z]{900})/([a-z]{900})"
                + "/([a-z]{900})/([a-z]{900})/([a-z]{900})/([a-z]{900})/([a-z]{900})/([a-z]{900})", "larger than 10000");
    }

    @Test
    void theCostIsTheProgramSizeOfTheComponents() throws Exception {
        UrlPattern small = compile("https://example.com/books/:id");
        UrlPattern everything = compile("*://*");
        UrlPattern larger = compile("https://example.com/books/:id/([a-z]{50})");

        assertThat(small.cost()).isBetween(20, 300);
        assertThat(everything.cost()).isLessThan(small.cost());
        assertThat(larger.cost()).isGreaterThan(small.cost() + 50);
    }

    @Test
    void nestedQuantifiersThatMakeBacktrackingEnginesExponentialAnswerAtOnce() throws Exception {
        String as = "a".repeat(5000);
        UrlPattern nested = compile("https://example.com/((?:a+)+)b");
        assertThat(nested.matches("https://example.com/" + as)).isFalse();
        assertThat(nested.matches("https://example.com/" + as + "b")).isTrue();

        UrlPattern repeatedSegments = compile("foo://h/:x*z");
        assertThat(repeatedSegments.matches("foo://h/" + "x".repeat(5000) + "y")).isFalse();

        UrlPattern alternatives = compile("https://example.com/((?:a|aa|a?a)+)$");
        assertThat(alternatives.matches("https://example.com/" + as + "!")).isFalse();

        StringBuilder deep = new StringBuilder("https://example.com/(");
        deep.append("(?:".repeat(200)).append("a*").append(")*".repeat(200)).append(")");
        UrlPattern deeplyNested = compile(deep.toString());
        assertThat(deeplyNested.matches("https://example.com/" + as)).isTrue();
        assertThat(deeplyNested.matches("https://example.com/" + as + "b")).isFalse();

        StringBuilder optional = new StringBuilder("https://example.com/start");
        for (int i = 0; i < 25; i++) {
            optional.append("{/:s").append(i).append("}?");
        }
        UrlPattern optionals = compile(optional.toString() + "/end");
        assertThat(optionals.matches("https://example.com/start" + "/x".repeat(25) + "/end")).isTrue();
        assertThat(optionals.matches("https://example.com/start" + "/x".repeat(26) + "/end")).isFalse();
    }
}
