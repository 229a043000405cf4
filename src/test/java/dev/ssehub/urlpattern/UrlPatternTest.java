package dev.ssehub.urlpattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.ssehub.urlpattern.UrlPatternException.Kind;

/**
 * What a URL pattern matches, as Mercure uses it: absolute patterns, relative ones against the
 * hub's URL, the syntax of the URL Pattern Standard and the canonicalization of both sides. Plain
 * JUnit: the matcher depends on nothing but the JDK and RE2/J.
 */
class UrlPatternTest {

    private static final String HUB = "https://hub.example.com/.well-known/mercure";

    private static UrlPattern compile(String pattern) throws UrlPatternException {
        return UrlPattern.compile(pattern, null, UrlPatternLimits.DEFAULT);
    }

    private static UrlPattern relative(String pattern) throws UrlPatternException {
        return UrlPattern.compile(pattern, HUB, UrlPatternLimits.DEFAULT);
    }

    @Test
    void anAbsolutePatternMatchesTheUrlsOfItsShape() throws Exception {
        UrlPattern books = compile("https://example.com/books/:id");

        assertThat(books.matches("https://example.com/books/1")).isTrue();
        assertThat(books.matches("https://example.com/books/dune?edition=2#top")).as("search and hash are '*'").isTrue();
        assertThat(books.matches("https://example.com/books/1/reviews")).as(":id is one segment").isFalse();
        assertThat(books.matches("https://example.com/books/")).as(":id is not empty").isFalse();
        assertThat(books.matches("http://example.com/books/1")).isFalse();
        assertThat(books.matches("https://example.org/books/1")).isFalse();
        assertThat(books.pattern()).isEqualTo("https://example.com/books/:id");
    }

    @Test
    void aRelativePatternIsResolvedAgainstTheHubUrlAndSoAreRelativeTopics() throws Exception {
        UrlPattern subscriptions = relative("/.well-known/mercure/subscriptions/exact/:topic/:subscriber");

        assertThat(subscriptions.matches("/.well-known/mercure/subscriptions/exact/a/b")).isTrue();
        assertThat(subscriptions.matches(
                HUB + "/subscriptions/exact/https%3A%2F%2Fexample.com%2Fbooks%2F1/urn%3Auuid%3A1")).isTrue();
        assertThat(subscriptions.matches("https://other.example.com/.well-known/mercure/subscriptions/exact/a/b"))
                .as("the host comes from the hub URL").isFalse();
        assertThat(subscriptions.matches("/.well-known/mercure/subscriptions/exact/a")).isFalse();
        assertThat(relative("subscriptions/*").matches(HUB + "/../mercure/subscriptions/x"))
                .as("a relative path continues the hub URL's directory; the topic's dot segments are resolved").isFalse();
        assertThat(relative("mercure/subscriptions/*").matches("/.well-known/mercure/subscriptions/x")).isTrue();
    }

    @Test
    void aRelativePatternWithoutABaseUrlIsRefusedAtIndexZero() {
        assertThatThrownBy(() -> compile("/books/:id"))
                .isInstanceOfSatisfying(UrlPatternException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.index()).isZero();
                    assertThat(e.getMessage()).contains("relative").contains("base URL");
                });
    }

    @Test
    void wildcardsGroupsAndModifiersFollowTheStandard() throws Exception {
        UrlPattern pattern = compile("http{s}?://{*.}?example.com/books/:id(\\d+){/reviews}?/*?");

        assertThat(pattern.matches("https://example.com/books/42")).isTrue();
        assertThat(pattern.matches("http://www.example.com/books/42/reviews")).isTrue();
        assertThat(pattern.matches("https://a.b.example.com/books/42/reviews/7/x")).isTrue();
        assertThat(pattern.matches("https://example.com/books/dune")).as("(\\d+) wants digits").isFalse();
        assertThat(pattern.matches("ftp://example.com/books/42")).isFalse();

        UrlPattern repeated = compile("https://example.com/tags/:tag+");
        assertThat(repeated.matches("https://example.com/tags/a/b/c")).isTrue();
        assertThat(repeated.matches("https://example.com/tags")).isFalse();
        assertThat(compile("https://example.com/tags/:tag*").matches("https://example.com/tags")).isTrue();
    }

    @Test
    void fixedTextIsCanonicalizedLikeTheUrlsItIsComparedWith() throws Exception {
        assertThat(compile("https://EXAMPLE.com/*").matches("https://example.COM/x")).as("hosts ignore case").isTrue();
        assertThat(compile("https://example.com/Books").matches("https://example.com/books")).as("paths do not").isFalse();
        assertThat(compile("https://café.example/*").matches("https://xn--caf-dma.example/x")).as("IDNA").isTrue();
        assertThat(compile("https://example.com:443/*").matches("https://example.com/x")).as("default port").isTrue();
        assertThat(compile("https://example.com/caf%C3%A9").matches("https://example.com/café")).isTrue();
        assertThat(compile("https://example.com/a/./b/../c").matches("https://example.com/a/c")).isTrue();
        assertThat(compile("https://example.com/search\\?q=a b").matches("https://example.com/search?q=a%20b")).isTrue();
        assertThat(compile("https://127.0.0.1/*").matches("https://0x7f.1/")).as("IPv4 numbers").isTrue();
        assertThat(compile("http://[\\:\\:1]:8080/*").matches("http://[0:0::1]:8080/x")).as("IPv6").isTrue();
    }

    @Test
    void opaqueUrlsAndNonSpecialSchemesAreMatchedToo() throws Exception {
        assertThat(compile("urn\\:isbn\\:*").matches("urn:isbn:0451450523")).as("an escaped ':' ends the protocol too")
                .isTrue();
        assertThat(compile("urn\\:isbn\\:*").matches("urn:issn:0451450523")).isFalse();
        assertThat(compile("urn:isbn\\:*").matches("urnx:0451450523"))
                .as("unescaped, ':isbn' is a named group of the protocol, as the standard tokenizes it").isTrue();
        assertThat(compile("*://*/*").matches("foo://host/a/b")).isTrue();
    }

    @Test
    void aTopicThatIsNotAUrlNeverMatches() throws Exception {
        UrlPattern everything = compile("*://*");
        assertThat(everything.matches("https://example.com/")).isTrue();
        assertThat(everything.matches("not a url")).isFalse();
        assertThat(everything.matches("https://")).isFalse();
        assertThat(everything.matches("http://[::1")).isFalse();
        assertThat(everything.matches("https://example.com:99999/")).isFalse();
        assertThat(relative("*").matches("https://exa mple.com/")).isFalse();
    }

    @Test
    void regularExpressionsRe2CannotRunAreRefusedAsUnsupported() {
        for (String pattern : new String[] {"https://a/(x(?=y)y)", "https://a/(x(?!y)z)", "https://a/(x(?<=x)y)",
                "https://a/((?<n>a)\\k<n>)", "https://a/(a\\1)", "https://a/(\\p{L})"}) {
            assertThatThrownBy(() -> compile(pattern)).as(pattern)
                    .isInstanceOfSatisfying(UrlPatternException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
                        assertThat(e.getMessage()).contains("not supported");
                    });
        }
    }

    @Test
    void invalidPatternsAreRefusedWithWhatAndWhere() {
        assertThatThrownBy(() -> compile("https://example.com/books/(\\d+"))
                .isInstanceOfSatisfying(UrlPatternException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.getMessage()).contains("pathname").contains("index 26");
                    assertThat(e.index()).isEqualTo(26);
                });
        assertThatThrownBy(() -> compile("https://example.com/:id/:id"))
                .isInstanceOfSatisfying(UrlPatternException.class, e -> assertThat(e.getMessage()).contains("'id' is used twice"));
        assertThatThrownBy(() -> compile("https://example.com/(a(b))"))
                .isInstanceOfSatisfying(UrlPatternException.class, e -> assertThat(e.getMessage()).contains("capturing group"));
        assertThatThrownBy(() -> compile("https://example.com/([[a-z]--a])"))
                .isInstanceOfSatisfying(UrlPatternException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThatThrownBy(() -> compile("https://exa mple.com/")).isInstanceOf(UrlPatternException.class);
        assertThatThrownBy(() -> compile("https://example.com:99999/")).isInstanceOf(UrlPatternException.class);
        assertThatThrownBy(() -> compile("ht~tp://example.com/")).isInstanceOf(UrlPatternException.class);
        assertThatThrownBy(() -> UrlPattern.compile("/x", "not a base", UrlPatternLimits.DEFAULT))
                .isInstanceOfSatisfying(UrlPatternException.class, e -> assertThat(e.getMessage()).contains("base URL"));
    }

    @Test
    void javascriptRegularExpressionSyntaxIsTranslated() throws Exception {
        assertThat(compile("https://a/([a-z0-9_-]+)").matches("https://a/ab-c_9")).isTrue();
        assertThat(compile("https://a/([^/]+)").matches("https://a/x/y")).isFalse();
        assertThat(compile("https://a/(\\w{2,3})").matches("https://a/abcd")).isFalse();
        assertThat(compile("https://a/((?:ab)+)").matches("https://a/ababab")).isTrue();
        assertThat(compile("https://a/(.)").matches("https://a/%")).isTrue();
        assertThat(compile("https://a/(\\x41|\\u0042)").matches("https://a/B")).isTrue();
        assertThat(compile("https://a/([\\d.]+)").matches("https://a/1.2")).isTrue();
        assertThat(compile("https://a/(a|)b").matches("https://a/b")).isTrue();
    }

    @Test
    void matchingNeverThrowsWhateverTheInput() throws Exception {
        UrlPattern[] patterns = {compile("https://example.com/books/:id"), relative("/.well-known/mercure/*"),
                compile("*://*"), compile("foo\\:*")};
        Random random = new Random(42);
        String alphabet = "ab:/?#@[]%.\\ \t\n\u0000\u00e9\ud83d\ude00\ud800\udc00\u00ad0xX-";
        for (int i = 0; i < 5000; i++) {
            StringBuilder input = new StringBuilder(random.nextBoolean() ? "https://" : "");
            int length = random.nextInt(30);
            for (int j = 0; j < length; j++) {
                input.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = input.toString();
            for (UrlPattern pattern : patterns) {
                pattern.matches(text);
            }
            WhatwgUrl.parse(text, HUB);
            WhatwgUrl.normalizedPath(text, HUB);
        }
        assertThat(patterns[2].matches("https://example.com/\ud800")).as("a lone surrogate reads as U+FFFD").isTrue();
    }
}
