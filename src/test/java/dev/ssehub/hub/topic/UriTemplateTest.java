package dev.ssehub.hub.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Plain JUnit: matching a template is pure logic over strings, with nothing to start or wire. */
class UriTemplateTest {

    /** The variable values the examples of RFC 6570 sections 1 to 3 are expanded with. */
    static Map<String, Object> rfcValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("count", List.of("one", "two", "three"));
        values.put("dom", List.of("example", "com"));
        values.put("dub", "me/too");
        values.put("hello", "Hello World!");
        values.put("half", "50%");
        values.put("var", "value");
        values.put("who", "fred");
        values.put("base", "http://example.com/home/");
        values.put("path", "/foo/bar");
        values.put("list", List.of("red", "green", "blue"));
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("semi", ";");
        keys.put("dot", ".");
        keys.put("comma", ",");
        values.put("keys", keys);
        values.put("v", "6");
        values.put("x", "1024");
        values.put("y", "768");
        values.put("empty", "");
        values.put("empty_keys", Map.of());
        values.put("undef", null);
        values.put("semi", ";");
        values.put("year", List.of("1965", "2000", "2012"));
        values.put("query", "mycelium");
        values.put("number", "100");
        return values;
    }

    /** Every example of RFC 6570 with its listed expansion, by section: {section, template, expansion}. */
    static Stream<Arguments> rfcExamples() {
        return Stream.of(
                rows("1.1",
                        "http://www.example.com/foo{?query,number}", "http://www.example.com/foo?query=mycelium&number=100"),
                rows("1.2 level 1",
                        "{var}", "value",
                        "{hello}", "Hello%20World%21"),
                rows("1.2 level 2",
                        "{+var}", "value",
                        "{+hello}", "Hello%20World!",
                        "{+path}/here", "/foo/bar/here",
                        "here?ref={+path}", "here?ref=/foo/bar",
                        "X{#var}", "X#value",
                        "X{#hello}", "X#Hello%20World!"),
                rows("1.2 level 3",
                        "map?{x,y}", "map?1024,768",
                        "{x,hello,y}", "1024,Hello%20World%21,768",
                        "{+x,hello,y}", "1024,Hello%20World!,768",
                        "{+path,x}/here", "/foo/bar,1024/here",
                        "{#x,hello,y}", "#1024,Hello%20World!,768",
                        "{#path,x}/here", "#/foo/bar,1024/here",
                        "X{.var}", "X.value",
                        "X{.x,y}", "X.1024.768",
                        "{/var}", "/value",
                        "{/var,x}/here", "/value/1024/here",
                        "{;x,y}", ";x=1024;y=768",
                        "{;x,y,empty}", ";x=1024;y=768;empty",
                        "{?x,y}", "?x=1024&y=768",
                        "{?x,y,empty}", "?x=1024&y=768&empty=",
                        "?fixed=yes{&x}", "?fixed=yes&x=1024",
                        "{&x,y,empty}", "&x=1024&y=768&empty="),
                rows("1.2 level 4",
                        "{var:3}", "val",
                        "{var:30}", "value",
                        "{list}", "red,green,blue",
                        "{list*}", "red,green,blue",
                        "{keys}", "semi,%3B,dot,.,comma,%2C",
                        "{keys*}", "semi=%3B,dot=.,comma=%2C",
                        "{+path:6}/here", "/foo/b/here",
                        "{+list}", "red,green,blue",
                        "{+list*}", "red,green,blue",
                        "{+keys}", "semi,;,dot,.,comma,,",
                        "{+keys*}", "semi=;,dot=.,comma=,",
                        "{#path:6}/here", "#/foo/b/here",
                        "{#list}", "#red,green,blue",
                        "{#list*}", "#red,green,blue",
                        "{#keys}", "#semi,;,dot,.,comma,,",
                        "{#keys*}", "#semi=;,dot=.,comma=,",
                        "X{.var:3}", "X.val",
                        "X{.list}", "X.red,green,blue",
                        "X{.list*}", "X.red.green.blue",
                        "X{.keys}", "X.semi,%3B,dot,.,comma,%2C",
                        "X{.keys*}", "X.semi=%3B.dot=..comma=%2C",
                        "{/var:1,var}", "/v/value",
                        "{/list}", "/red,green,blue",
                        "{/list*}", "/red/green/blue",
                        "{/list*,path:4}", "/red/green/blue/%2Ffoo",
                        "{/keys}", "/semi,%3B,dot,.,comma,%2C",
                        "{/keys*}", "/semi=%3B/dot=./comma=%2C",
                        "{;hello:5}", ";hello=Hello",
                        "{;list}", ";list=red,green,blue",
                        "{;list*}", ";list=red;list=green;list=blue",
                        "{;keys}", ";keys=semi,%3B,dot,.,comma,%2C",
                        "{;keys*}", ";semi=%3B;dot=.;comma=%2C",
                        "{?var:3}", "?var=val",
                        "{?list}", "?list=red,green,blue",
                        "{?list*}", "?list=red&list=green&list=blue",
                        "{?keys}", "?keys=semi,%3B,dot,.,comma,%2C",
                        "{?keys*}", "?semi=%3B&dot=.&comma=%2C",
                        "{&var:3}", "&var=val",
                        "{&list}", "&list=red,green,blue",
                        "{&list*}", "&list=red&list=green&list=blue",
                        "{&keys}", "&keys=semi,%3B,dot,.,comma,%2C",
                        "{&keys*}", "&semi=%3B&dot=.&comma=%2C"),
                rows("2.4.1",
                        "{var}", "value",
                        "{var:20}", "value",
                        "{var:3}", "val",
                        "{semi}", "%3B",
                        "{semi:2}", "%3B"),
                rows("2.4.2",
                        "find{?year*}", "find?year=1965&year=2000&year=2012",
                        "www{.dom*}", "www.example.com"),
                rows("3.2.1",
                        "{count}", "one,two,three",
                        "{count*}", "one,two,three",
                        "{/count}", "/one,two,three",
                        "{/count*}", "/one/two/three",
                        "{;count}", ";count=one,two,three",
                        "{;count*}", ";count=one;count=two;count=three",
                        "{?count}", "?count=one,two,three",
                        "{?count*}", "?count=one&count=two&count=three",
                        "{&count*}", "&count=one&count=two&count=three"),
                rows("3.2.2",
                        "{var}", "value",
                        "{hello}", "Hello%20World%21",
                        "{half}", "50%25",
                        "O{empty}X", "OX",
                        "O{undef}X", "OX",
                        "{x,y}", "1024,768",
                        "{x,hello,y}", "1024,Hello%20World%21,768",
                        "?{x,empty}", "?1024,",
                        "?{x,undef}", "?1024",
                        "?{undef,y}", "?768",
                        "{var:3}", "val",
                        "{var:30}", "value",
                        "{list}", "red,green,blue",
                        "{list*}", "red,green,blue",
                        "{keys}", "semi,%3B,dot,.,comma,%2C",
                        "{keys*}", "semi=%3B,dot=.,comma=%2C"),
                rows("3.2.3",
                        "{+var}", "value",
                        "{+hello}", "Hello%20World!",
                        "{+half}", "50%25",
                        "{base}index", "http%3A%2F%2Fexample.com%2Fhome%2Findex",
                        "{+base}index", "http://example.com/home/index",
                        "O{+empty}X", "OX",
                        "O{+undef}X", "OX",
                        "{+path}/here", "/foo/bar/here",
                        "here?ref={+path}", "here?ref=/foo/bar",
                        "up{+path}{var}/here", "up/foo/barvalue/here",
                        "{+x,hello,y}", "1024,Hello%20World!,768",
                        "{+path,x}/here", "/foo/bar,1024/here",
                        "{+path:6}/here", "/foo/b/here",
                        "{+list}", "red,green,blue",
                        "{+list*}", "red,green,blue",
                        "{+keys}", "semi,;,dot,.,comma,,",
                        "{+keys*}", "semi=;,dot=.,comma=,"),
                rows("3.2.4",
                        "{#var}", "#value",
                        "{#hello}", "#Hello%20World!",
                        "{#half}", "#50%25",
                        "foo{#empty}", "foo#",
                        "foo{#undef}", "foo",
                        "{#x,hello,y}", "#1024,Hello%20World!,768",
                        "{#path,x}/here", "#/foo/bar,1024/here",
                        "{#path:6}/here", "#/foo/b/here",
                        "{#list}", "#red,green,blue",
                        "{#list*}", "#red,green,blue",
                        "{#keys}", "#semi,;,dot,.,comma,,",
                        "{#keys*}", "#semi=;,dot=.,comma=,"),
                rows("3.2.5",
                        "{.who}", ".fred",
                        "{.who,who}", ".fred.fred",
                        "{.half,who}", ".50%25.fred",
                        "www{.dom*}", "www.example.com",
                        "X{.var}", "X.value",
                        "X{.empty}", "X.",
                        "X{.undef}", "X",
                        "X{.var:3}", "X.val",
                        "X{.list}", "X.red,green,blue",
                        "X{.list*}", "X.red.green.blue",
                        "X{.keys}", "X.semi,%3B,dot,.,comma,%2C",
                        "X{.keys*}", "X.semi=%3B.dot=..comma=%2C",
                        "X{.empty_keys}", "X",
                        "X{.empty_keys*}", "X"),
                rows("3.2.6",
                        "{/who}", "/fred",
                        "{/who,who}", "/fred/fred",
                        "{/half,who}", "/50%25/fred",
                        "{/who,dub}", "/fred/me%2Ftoo",
                        "{/var}", "/value",
                        "{/var,empty}", "/value/",
                        "{/var,undef}", "/value",
                        "{/var,x}/here", "/value/1024/here",
                        "{/var:1,var}", "/v/value",
                        "{/list}", "/red,green,blue",
                        "{/list*}", "/red/green/blue",
                        "{/list*,path:4}", "/red/green/blue/%2Ffoo",
                        "{/keys}", "/semi,%3B,dot,.,comma,%2C",
                        "{/keys*}", "/semi=%3B/dot=./comma=%2C"),
                rows("3.2.7",
                        "{;who}", ";who=fred",
                        "{;half}", ";half=50%25",
                        "{;empty}", ";empty",
                        "{;v,empty,who}", ";v=6;empty;who=fred",
                        "{;v,bar,who}", ";v=6;who=fred",
                        "{;x,y}", ";x=1024;y=768",
                        "{;x,y,empty}", ";x=1024;y=768;empty",
                        "{;x,y,undef}", ";x=1024;y=768",
                        "{;hello:5}", ";hello=Hello",
                        "{;list}", ";list=red,green,blue",
                        "{;list*}", ";list=red;list=green;list=blue",
                        "{;keys}", ";keys=semi,%3B,dot,.,comma,%2C",
                        "{;keys*}", ";semi=%3B;dot=.;comma=%2C"),
                rows("3.2.8",
                        "{?who}", "?who=fred",
                        "{?half}", "?half=50%25",
                        "{?x,y}", "?x=1024&y=768",
                        "{?x,y,empty}", "?x=1024&y=768&empty=",
                        "{?x,y,undef}", "?x=1024&y=768",
                        "{?var:3}", "?var=val",
                        "{?list}", "?list=red,green,blue",
                        "{?list*}", "?list=red&list=green&list=blue",
                        "{?keys}", "?keys=semi,%3B,dot,.,comma,%2C",
                        "{?keys*}", "?semi=%3B&dot=.&comma=%2C"),
                rows("3.2.9",
                        "{&who}", "&who=fred",
                        "{&half}", "&half=50%25",
                        "?fixed=yes{&x}", "?fixed=yes&x=1024",
                        "{&x,y,empty}", "&x=1024&y=768&empty=",
                        "{&x,y,undef}", "&x=1024&y=768",
                        "{&var:3}", "&var=val",
                        "{&list}", "&list=red,green,blue",
                        "{&list*}", "&list=red&list=green&list=blue",
                        "{&keys}", "&keys=semi,%3B,dot,.,comma,%2C",
                        "{&keys*}", "&semi=%3B&dot=.&comma=%2C"))
                .flatMap(s -> s);
    }

    private static Stream<Arguments> rows(String section, String... templatesAndExpansions) {
        return IntStream.range(0, templatesAndExpansions.length / 2)
                .mapToObj(i -> Arguments.of(section, templatesAndExpansions[2 * i], templatesAndExpansions[2 * i + 1]));
    }

    @ParameterizedTest(name = "RFC 6570 {0}: {1} matches {2}")
    @MethodSource("rfcExamples")
    void matchesEveryExpansionListedInTheRfc(String section, String template, String expansion) {
        assertThat(UriTemplate.compile(template).matches(expansion)).isTrue();
    }

    @Test
    void matchesTheOtherExpansionsOfTheIntroductionsExample() {
        UriTemplate template = UriTemplate.compile("http://www.example.com/foo{?query,number}");

        assertThat(template.matches("http://www.example.com/foo?number=100")).isTrue();
        assertThat(template.matches("http://www.example.com/foo")).isTrue();
        assertThat(template.matches("http://www.example.com/foo?number=100&query=mycelium"))
                .as("variables expand in the order of the template").isFalse();
    }

    /** {template, uri, whether it matches}: what each operator accepts around its edges. */
    static Stream<Arguments> operatorCases() {
        return Stream.of(
                // Simple: unreserved characters and triplets; ',' joins list members.
                Arguments.of("{id}", "42", true),
                Arguments.of("{id}", "", true),
                Arguments.of("{id}", "a,b", true),
                Arguments.of("{id}", "a%2Fb", true),
                Arguments.of("{id}", "caf%C3%A9", true),
                Arguments.of("{id}", "a/b", false),
                Arguments.of("{id}", "a?b", false),
                Arguments.of("{id}", "a#b", false),
                Arguments.of("{id}", "a=b", false),
                Arguments.of("{id}", "a b", false),
                Arguments.of("{id}", "a%2", false),
                Arguments.of("{id}", "a%zz", false),
                Arguments.of("{id}", "café", false),
                Arguments.of("{id*}", "a=b,c=d", true),
                Arguments.of("{id*}", "a=b=c", false),
                Arguments.of("{x,y}", ",b", true),
                Arguments.of("{x:1,y:1}", "a,b", true),
                Arguments.of("{x:1,y:1}", "ab", false),
                // Reserved: reserved characters pass, characters no URI holds do not.
                Arguments.of("{+path}", "/foo/bar?x=1#frag", true),
                Arguments.of("{+path}", "a b", false),
                Arguments.of("{+path}", "a%zz", false),
                Arguments.of("{+path}", "50%", false),
                Arguments.of("{+path}", "<a>", false),
                Arguments.of("{+path}", "a{b}", false),
                Arguments.of("{+path}", "a\"b", false),
                // Fragment: '#' first whenever a variable is defined.
                Arguments.of("{#f}", "", true),
                Arguments.of("{#f}", "#", true),
                Arguments.of("{#f}", "#a/b?c", true),
                Arguments.of("{#f}", "a", false),
                Arguments.of("{#f,g}", "#a,b", true),
                Arguments.of("{#f,g}", ",b", false),
                // Label: '.' before each variable, and '.' is unreserved so values may hold it.
                Arguments.of("X{.x}", "X", true),
                Arguments.of("X{.x}", "X.", true),
                Arguments.of("X{.x}", "X.a.b", true),
                Arguments.of("X{.x}", "Xa", false),
                Arguments.of("X{.x}", "X.a/b", false),
                // Path: '/' before each variable, and values cannot hold it.
                Arguments.of("{/x}", "/a", true),
                Arguments.of("{/x}", "a", false),
                Arguments.of("{/x}", "/a/b", false),
                Arguments.of("{/x*}", "/a/b", true),
                Arguments.of("{/x,y}", "/a/b", true),
                Arguments.of("{/x,y}", "/a/b/c", false),
                // Path parameters: ';name', ';name=value'.
                Arguments.of("{;x}", ";x", true),
                Arguments.of("{;x}", ";x=1", true),
                Arguments.of("{;x}", ";x=", true),
                Arguments.of("{;x}", ";y=1", false),
                Arguments.of("{;x}", "x=1", false),
                Arguments.of("{;x}", ";x=1;x=2", false),
                Arguments.of("{;x*}", ";x=1;x=2", true),
                Arguments.of("{;x*}", ";a;b=2", true),
                Arguments.of("{;x:2}", ";x=ab", true),
                Arguments.of("{;x:2}", ";x=abc", false),
                Arguments.of("{;x:2}", ";x=", false),
                // Query: '?name=value' joined by '&', in template order.
                Arguments.of("{?q}", "?q=1", true),
                Arguments.of("{?q}", "?q=", true),
                Arguments.of("{?q}", "", true),
                Arguments.of("{?q}", "?q=a,b", true),
                Arguments.of("{?q}", "?q", false),
                Arguments.of("{?q}", "?r=1", false),
                Arguments.of("{?q}", "q=1", false),
                Arguments.of("{?q}", "&q=1", false),
                Arguments.of("{?q}", "?q=1&r=2", false),
                Arguments.of("{?q}", "?q=a b", false),
                Arguments.of("{?q,lang}", "?lang=en", true),
                Arguments.of("{?q,lang}", "?q=cat&lang=en", true),
                Arguments.of("{?q,lang}", "?lang=en&q=cat", false),
                Arguments.of("{?q,lang}", "?q=cat&q=dog", false),
                Arguments.of("{?q,lang}", "?q=cat&", false),
                Arguments.of("{?q*}", "?q=1&q=2", true),
                Arguments.of("{?q*}", "?a=1&b=", true),
                Arguments.of("{?q*}", "?a", false),
                Arguments.of("{?q*}", "?a=1&", false),
                Arguments.of("{?q*}", "?", false),
                Arguments.of("{?q*}", "?a/b=1", false),
                // Query continuation.
                Arguments.of("?fixed=yes{&x}", "?fixed=yes", true),
                Arguments.of("?fixed=yes{&x}", "?fixed=yes&x=1", true),
                Arguments.of("?fixed=yes{&x}", "?fixed=yes&y=1", false),
                Arguments.of("?fixed=yes{&x}", "?fixed=no&x=1", false),
                // Prefixes count characters, an encoded character as one.
                Arguments.of("{x:3}", "abc", true),
                Arguments.of("{x:3}", "", true),
                Arguments.of("{x:3}", "abcd", false),
                Arguments.of("{x:3}", "%C3%A9%C3%A9%C3%A9", true),
                Arguments.of("{x:1}", "%F0%9F%98%80", true),
                Arguments.of("{x:1}", "%20%20%20%20%20", false),
                Arguments.of("{x:1}", "a,b", false),
                Arguments.of("{+x:3}", "a/b", true),
                Arguments.of("{+x:3}", "a/bc", false),
                // Literals are matched as written, case-sensitively.
                Arguments.of("/books/{id}", "/books/1", true),
                Arguments.of("/books/{id}", "/books/", true),
                Arguments.of("/books/{id}", "/books/1x", true),
                Arguments.of("/books/{id}", "/books/1/2", false),
                Arguments.of("/books/{id}", "/book/1", false),
                Arguments.of("/books/{id}", "/Books/1", false),
                Arguments.of("/books/{id}.json", "/books/1.json", true),
                Arguments.of("/books/{id}.json", "/books/1.jsonx", false),
                Arguments.of("/books/{id}.json", "/books/1.xml", false),
                Arguments.of("a.b", "axb", false),
                Arguments.of("a+b", "aab", false),
                Arguments.of("a%2Fb", "a%2Fb", true),
                Arguments.of("a%2Fb", "a%2fb", false),
                Arguments.of("a%2Fb", "a/b", false),
                Arguments.of("café", "café", true),
                Arguments.of("café", "caf%C3%A9", true),
                Arguments.of("café", "caf%c3%a9", true),
                Arguments.of("café", "cafe", false),
                Arguments.of("café", "caf%C3%A8", false),
                Arguments.of("\uD83D\uDE00", "%F0%9F%98%80", true),
                Arguments.of("\uD83D\uDE00", "\uD83D", false));
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("operatorCases")
    void matchesWhatTheOperatorCanExpandTo(String template, String uri, boolean expected) {
        assertThat(UriTemplate.compile(template).matches(uri)).isEqualTo(expected);
    }

    /** {template, uri}: topic selectors as Mercure subscribers send them, with topics they must select. */
    static Stream<Arguments> mercureSelectors() {
        return Stream.of(
                Arguments.of("https://example.com/books/{id}", "https://example.com/books/1"),
                Arguments.of("https://example.com/books/{id}", "https://example.com/books/978-3-16-148410-0"),
                Arguments.of("https://example.com/users/{id}/books{?page}", "https://example.com/users/ada/books?page=2"),
                Arguments.of("https://example.com/{+path}", "https://example.com/a/b/c"),
                Arguments.of("/.well-known/mercure/subscriptions/{topic}/{subscriber}",
                        "/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2Fa/urn%3Auuid%3A123"),
                Arguments.of("/.well-known/mercure/subscriptions{/topic,subscriber}",
                        "/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2Fa"),
                Arguments.of("urn:uuid:{id}", "urn:uuid:7e0b4f2c-3c8a-4f0e-9b1a-0c6f5d9e8a21"),
                Arguments.of("https://example.com/caf\u00e9/{id}", "https://example.com/caf\u00e9/1"));
    }

    @ParameterizedTest(name = "{0} selects {1}")
    @MethodSource("mercureSelectors")
    void selectsMercureTopics(String selector, String topic) {
        assertThat(UriTemplate.compile(selector).matches(topic)).isTrue();
    }

    @Test
    void mercureSelectorsDoNotSelectNeighbouringTopics() {
        UriTemplate books = UriTemplate.compile("https://example.com/books/{id}");
        UriTemplate subscriptions = UriTemplate.compile("/.well-known/mercure/subscriptions/{topic}/{subscriber}");

        assertThat(books.matches("https://example.com/books/1/reviews")).isFalse();
        assertThat(books.matches("https://example.com/books/1?edit")).isFalse();
        assertThat(books.matches("http://example.com/books/1")).isFalse();
        assertThat(books.matches("https://example.com/books/1#top")).isFalse();
        assertThat(subscriptions.matches("/.well-known/mercure/subscriptions/https://example.com/a/urn:uuid:123"))
                .as("a topic inside a path segment must be pct-encoded").isFalse();
        assertThat(subscriptions.matches("/.well-known/mercure/subscriptions/a")).isFalse();
    }

    @Test
    void permissiveWhereTheRfcNeedsContextARegexCannotSee() {
        assertThat(UriTemplate.compile("{x}/{x}").matches("a/b")).as("repeated variable, values differ").isTrue();
        assertThat(UriTemplate.compile("{/var:1,var}").matches("/x/value")).as("prefix of another value").isTrue();
        assertThat(UriTemplate.compile("{id}").matches("a%2fb")).as("lower-case hex").isTrue();
        assertThat(UriTemplate.compile("{id}").matches("%41")).as("an expander writes A").isTrue();
        assertThat(UriTemplate.compile("{id}").matches("%FF")).as("not UTF-8").isTrue();
        assertThat(UriTemplate.compile("{x:1}").matches("%20%20%20%20")).as("four triplets as one character").isTrue();
        assertThat(UriTemplate.compile("{+x:1}").matches("%2F")).as("a value's own triplet counted as one").isTrue();
    }

    @Test
    void acceptsBothReadingsWhereTheRfcReadsTwoWays() {
        // Exploded pair with an empty value: 'name' in section 3.2.1, 'name=' in appendix A.
        assertThat(UriTemplate.compile("{x*}").matches("a,b=1")).isTrue();
        assertThat(UriTemplate.compile("{x*}").matches("a=,b=1")).isTrue();
        assertThat(UriTemplate.compile("{/x*}").matches("/a/b=1")).isTrue();
        assertThat(UriTemplate.compile("{/x*}").matches("/a=/b=1")).isTrue();
    }

    @Test
    void keepsMatchingNarrowWhereTheRfcIsClear() {
        assertThat(UriTemplate.compile("{x:3}").matches("a,b")).as("prefixed variables are strings").isFalse();
        assertThat(UriTemplate.compile("{?x*}").matches("?a%2Fb=1")).as("names encoded like values").isTrue();
        assertThat(UriTemplate.compile("{?x*}").matches("?a/b=1")).as("names encoded like values").isFalse();
        assertThat(UriTemplate.compile("/{name}").matches("/café")).as("values are pct-encoded").isFalse();
    }

    /** {template, message}: every rule of RFC 6570's grammar we enforce, with what the caller is told. */
    static Stream<Arguments> malformedTemplates() {
        return Stream.of(
                Arguments.of("{", "unclosed expression: '{' at index 0 has no matching '}'"),
                Arguments.of("x{a", "unclosed expression: '{' at index 1 has no matching '}'"),
                Arguments.of("{a,b", "unclosed expression: '{' at index 0 has no matching '}'"),
                Arguments.of("{a.", "unclosed expression: '{' at index 0 has no matching '}'"),
                Arguments.of("a}", "'}' at index 1 closes no expression; a literal '}' must be written %7D"),
                Arguments.of("{a}}", "'}' at index 3 closes no expression; a literal '}' must be written %7D"),
                Arguments.of("{}", "empty expression '{}' at index 0"),
                Arguments.of("{=a}", "operator '=' at index 1 is reserved by RFC 6570 for future extensions and not supported"),
                Arguments.of("{,a}", "operator ',' at index 1 is reserved by RFC 6570 for future extensions and not supported"),
                Arguments.of("{!a}", "operator '!' at index 1 is reserved by RFC 6570 for future extensions and not supported"),
                Arguments.of("{@a}", "operator '@' at index 1 is reserved by RFC 6570 for future extensions and not supported"),
                Arguments.of("{|a}", "operator '|' at index 1 is reserved by RFC 6570 for future extensions and not supported"),
                Arguments.of("{+}", "expected a variable name: expected a letter, digit, '_' or %XX at index 2, found '}' (U+007D)"),
                Arguments.of("{a,}", "expected a variable name: expected a letter, digit, '_' or %XX at index 3, found '}' (U+007D)"),
                Arguments.of("{a.}", "a variable name cannot end with '.' or hold '..': expected a letter, digit, '_' or %XX at index 3, found '}' (U+007D)"),
                Arguments.of("{a..b}", "a variable name cannot end with '.' or hold '..': expected a letter, digit, '_' or %XX at index 3, found '.' (U+002E)"),
                Arguments.of("{.a}x{..a}", "expected a variable name: expected a letter, digit, '_' or %XX at index 7, found '.' (U+002E)"),
                Arguments.of("{a-b}", "expected ',' or '}' at index 2 in the expression opened at index 0, found '-' (U+002D); a variable name holds only letters, digits, '_', '.' and pct-encoded triplets"),
                Arguments.of("{a b}", "expected ',' or '}' at index 2 in the expression opened at index 0, found space (U+0020); a variable name holds only letters, digits, '_', '.' and pct-encoded triplets"),
                Arguments.of("{a%2}", "'%' at index 2 in a variable name must start a pct-encoded triplet such as %2F"),
                Arguments.of("{a%zz}", "'%' at index 2 in a variable name must start a pct-encoded triplet such as %2F"),
                Arguments.of("{a:0}", "prefix ':0' at index 2 must be a number from 1 to 9999 without leading zeros"),
                Arguments.of("{a:01}", "prefix ':01' at index 2 must be a number from 1 to 9999 without leading zeros"),
                Arguments.of("{a:10000}", "prefix ':10000' at index 2 must be a number from 1 to 9999 without leading zeros"),
                Arguments.of("{a:}", "prefix ':' at index 2 must be a number from 1 to 9999 without leading zeros"),
                Arguments.of("{a:x}", "prefix ':' at index 2 must be a number from 1 to 9999 without leading zeros"),
                Arguments.of("{a:3*}", "expected ',' or '}' at index 4 in the expression opened at index 0, found '*' (U+002A); a variable takes one modifier, a prefix or an explode, not both"),
                Arguments.of("{a*:3}", "expected ',' or '}' at index 3 in the expression opened at index 0, found ':' (U+003A); a variable takes one modifier, a prefix or an explode, not both"),
                Arguments.of("{a{b}}", "expected ',' or '}' at index 2 in the expression opened at index 0, found '{' (U+007B); expressions cannot be nested"),
                Arguments.of("a b", "space (U+0020) at index 1 is not allowed in a URI template; write it pct-encoded as %20"),
                Arguments.of("a\tb", "control character U+0009 at index 1 is not allowed in a URI template; write it pct-encoded as %09"),
                Arguments.of("a\u007Fb", "control character U+007F at index 1 is not allowed in a URI template; write it pct-encoded as %7F"),
                Arguments.of("a\u0085b", "control character U+0085 at index 1 is not allowed in a URI template; write it pct-encoded as %C2%85"),
                Arguments.of("a\"b", "'\"' (U+0022) at index 1 is not allowed in a URI template; write it pct-encoded as %22"),
                Arguments.of("a'b", "''' (U+0027) at index 1 is not allowed in a URI template; write it pct-encoded as %27"),
                Arguments.of("a<b", "'<' (U+003C) at index 1 is not allowed in a URI template; write it pct-encoded as %3C"),
                Arguments.of("a>b", "'>' (U+003E) at index 1 is not allowed in a URI template; write it pct-encoded as %3E"),
                Arguments.of("a\\b", "'\\' (U+005C) at index 1 is not allowed in a URI template; write it pct-encoded as %5C"),
                Arguments.of("a^b", "'^' (U+005E) at index 1 is not allowed in a URI template; write it pct-encoded as %5E"),
                Arguments.of("a`b", "'`' (U+0060) at index 1 is not allowed in a URI template; write it pct-encoded as %60"),
                Arguments.of("a|b", "'|' (U+007C) at index 1 is not allowed in a URI template; write it pct-encoded as %7C"),
                Arguments.of("a\uFDD0b", "'\uFDD0' (U+FDD0) at index 1 is not allowed in a URI template; write it pct-encoded as %EF%B7%90"),
                Arguments.of("a\uFFFEb", "'\uFFFE' (U+FFFE) at index 1 is not allowed in a URI template; write it pct-encoded as %EF%BF%BE"),
                Arguments.of("a\uD800b", "unpaired surrogate U+D800 at index 1 is not allowed in a URI template"),
                Arguments.of("50%", "'%' at index 2 must start a pct-encoded triplet such as %2F; a literal '%' must be written %25"),
                Arguments.of("a%4", "'%' at index 1 must start a pct-encoded triplet such as %2F; a literal '%' must be written %25"),
                Arguments.of("a%zzb", "'%' at index 1 must start a pct-encoded triplet such as %2F; a literal '%' must be written %25"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTemplates")
    void rejectsMalformedTemplatesSayingWhatAndWhere(String template, String problem) {
        assertThatThrownBy(() -> UriTemplate.compile(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid URI template: " + problem);
    }

    @Test
    void acceptsEveryKindOfLiteralAndVarnameTheGrammarAllows() {
        String literals = "!#$&()*+,-./0123456789:;=?@ABCXYZ[]_abcxyz~%2f%C3%A9é\u4e00\uD83D\uDE00\uE000\uDB80\uDC00";
        assertThat(UriTemplate.compile(literals).matches(literals)).isTrue();
        assertThat(UriTemplate.compile("{a,A1,_,a.b.c,%41b,a%2Fb.c_1,1}").matches("x")).isTrue();
        assertThat(UriTemplate.compile("").matches("")).isTrue();
        assertThat(UriTemplate.compile("").matches("a")).isFalse();
    }

    @Test
    void rejectsTemplatesBeyondTheLimits() {
        assertThat(UriTemplate.compile("a".repeat(UriTemplate.MAX_LENGTH)).matches("a".repeat(2048))).isTrue();
        assertThatThrownBy(() -> UriTemplate.compile("a".repeat(UriTemplate.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid URI template: it is 2049 characters long, at most 2048 are allowed");

        assertThat(UriTemplate.compile("{a}".repeat(64)).matches("a")).isTrue();
        assertThatThrownBy(() -> UriTemplate.compile("{a}".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid URI template: more than 64 expressions; the one at index 192 is one too many");

        assertThat(UriTemplate.compile(variables("?", 64, "")).matches("?v0=1&v63=2")).isTrue();
        assertThatThrownBy(() -> UriTemplate.compile(variables("?", 65, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid URI template: more than 64 variables; the one at index 248 is one too many");

        assertThat(UriTemplate.compile("{a:200}{b:56}").matches("ab")).isTrue();
        assertThatThrownBy(() -> UriTemplate.compile("{x:9999}"))
                .as("valid RFC 6570, but beyond what we compile")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid URI template: prefix ':9999' at index 2 brings the template's prefix lengths to 9999,"
                        + " at most 256 are allowed in total");
        assertThatThrownBy(() -> UriTemplate.compile("{a:200}{b:57}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid URI template: prefix ':57' at index 9 brings the template's prefix lengths to 257,"
                        + " at most 256 are allowed in total");
    }

    /** The largest programs we can build within the limits: many prefixed variables, long non-ASCII literals. */
    static Stream<String> largestTemplates() {
        String prefixed = variables("?", 64, ":4");
        String prefixedFragment = variables("#", 64, ":4");
        return Stream.of(
                prefixed + "\u4e00".repeat(UriTemplate.MAX_LENGTH - prefixed.length()),
                prefixedFragment + "\u4e00".repeat(UriTemplate.MAX_LENGTH - prefixedFragment.length()),
                "\u4e00".repeat(UriTemplate.MAX_LENGTH),
                "\uD83D\uDE00".repeat(UriTemplate.MAX_LENGTH / 2),
                variables("?", 64, "*"),
                variables(".", 64, "*"),
                "{x:256}" + "{a}".repeat(63),
                variables("?", 63, "").replace("}", ",w:256}"));
    }

    @ParameterizedTest
    @MethodSource("largestTemplates")
    void compiledProgramStaysBounded(String template) {
        assertThat(UriTemplate.compile(template).programSize()).isLessThan(32_000);
    }

    @Test
    void pathologicalTemplatesAndTopicsStillAnswer() {
        // A backtracking engine tries every way to split the topic between adjacent variables.
        String adjacent = IntStream.range(0, 64).mapToObj(i -> "{v" + i + "}").collect(Collectors.joining());
        String manyVariables = variables("?", 64, "");
        String exploded = variables("?", 64, "*");
        String longTopic = "a".repeat(100_000);

        assertThat(UriTemplate.compile(adjacent).matches(longTopic + "!")).isFalse();
        assertThat(UriTemplate.compile(adjacent + "!").matches(longTopic)).isFalse();
        assertThat(UriTemplate.compile("{+a}".repeat(64) + "x").matches(longTopic + "/y")).isFalse();
        assertThat(UriTemplate.compile(manyVariables).matches("?" + "v0=1&".repeat(20_000))).isFalse();
        assertThat(UriTemplate.compile(exploded).matches("?" + "a=1&".repeat(20_000) + "a")).isFalse();
        assertThat(UriTemplate.compile("{x:256}").matches("%20".repeat(30_000))).isFalse();
        assertThat(UriTemplate.compile("{x,y,z}".repeat(21)).matches(",".repeat(100_000) + "/")).isFalse();
    }

    @Test
    void exposesTheTemplateAndRefusesNull() {
        UriTemplate template = UriTemplate.compile("/books/{id}");

        assertThat(template.template()).isEqualTo("/books/{id}");
        assertThat(template).hasToString("/books/{id}");
        assertThatThrownBy(() -> UriTemplate.compile(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> template.matches(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void oneInstanceAnswersManyThreadsAlike() {
        UriTemplate template = UriTemplate.compile("https://example.com/books/{id}{?page}");
        List<Boolean> answers = IntStream.range(0, 10_000).parallel()
                .mapToObj(i -> template.matches("https://example.com/books/" + i + (i % 2 == 0 ? "?page=1" : "/x")))
                .toList();

        assertThat(answers).hasSize(10_000);
        assertThat(IntStream.range(0, answers.size()).allMatch(i -> answers.get(i) == (i % 2 == 0))).isTrue();
    }

    /** An expression with {@code count} variables v0, v1... each followed by {@code modifier}. */
    static String variables(String operator, int count, String modifier) {
        StringJoiner joined = new StringJoiner(",", "{" + operator, "}");
        IntStream.range(0, count).forEach(i -> joined.add("v" + i + modifier));
        return joined.toString();
    }
}
