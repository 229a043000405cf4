package dev.ssehub.urlpattern;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The WHATWG URL parser subset: what {@code new URL(input, base)} gives in a browser or Node.js,
 * and the normalized path Mercure's reserved-namespace rule compares.
 */
class WhatwgUrlTest {

    private static final String HUB = "https://hub.example.com/.well-known/mercure";

    @Test
    void aSpecialUrlIsSplitIntoCanonicalComponents() {
        WhatwgUrl url = WhatwgUrl.parse(" HTTPS://User:Pa ss@EXAMPLE.com:443/a/./b/../c d?q=a b'#f g ", null);

        assertThat(url.protocol()).isEqualTo("https");
        assertThat(url.username()).isEqualTo("User");
        assertThat(url.password()).isEqualTo("Pa%20ss");
        assertThat(url.hostname()).isEqualTo("example.com");
        assertThat(url.port()).as("the default port is dropped").isEmpty();
        assertThat(url.pathname()).isEqualTo("/a/c%20d");
        assertThat(url.search()).isEqualTo("q=a%20b%27");
        assertThat(url.hash()).isEqualTo("f%20g");
        assertThat(url.href()).isEqualTo("https://User:Pa%20ss@example.com/a/c%20d?q=a%20b%27#f%20g");
    }

    @Test
    void relativeReferencesAreResolvedAgainstTheBase() {
        assertThat(WhatwgUrl.parse("subscriptions/x", HUB + "/").href()).isEqualTo(HUB + "/subscriptions/x");
        assertThat(WhatwgUrl.parse("../x?y", HUB).href()).isEqualTo("https://hub.example.com/x?y");
        assertThat(WhatwgUrl.parse("//other.example/p", HUB).href()).isEqualTo("https://other.example/p");
        assertThat(WhatwgUrl.parse("#top", HUB).href()).isEqualTo(HUB + "#top");
        assertThat(WhatwgUrl.parse("\\a\\b", HUB).pathname()).isEqualTo("/a/b");
        assertThat(WhatwgUrl.parse("x", "data:text/plain,base")).as("an opaque base resolves nothing").isNull();
    }

    @Test
    void hostsAreDomainsIpv4OrIpv6AddressesOrOpaque() {
        assertThat(WhatwgUrl.parse("http://0x7f.1/", null).hostname()).isEqualTo("127.0.0.1");
        assertThat(WhatwgUrl.parse("http://[0:0:0:0:0:ffff:1.2.3.4]/", null).hostname()).isEqualTo("[::ffff:102:304]");
        assertThat(WhatwgUrl.parse("http://faß.de/", null).hostname()).isEqualTo("xn--fa-hia.de");
        assertThat(WhatwgUrl.parse("http://%41.com/", null).hostname()).isEqualTo("a.com");
        assertThat(WhatwgUrl.parse("foo://EXAMPLE.com/", null).hostname()).as("an opaque host keeps its case")
                .isEqualTo("EXAMPLE.com");
        assertThat(WhatwgUrl.parse("http://1.2.3.4.5/", null)).isNull();
        assertThat(WhatwgUrl.parse("http://a b/", null)).isNull();
        assertThat(WhatwgUrl.parse("http://xn--/", null)).isNull();
        assertThat(WhatwgUrl.parse("http://[::1/", null)).isNull();
    }

    @Test
    void fileAndOpaqueUrlsParseAsBrowsersParseThem() {
        assertThat(WhatwgUrl.parse("file:///C|/x/../..", null).href()).isEqualTo("file:///C:/");
        assertThat(WhatwgUrl.parse("file://localhost/x", null).href()).isEqualTo("file:///x");
        WhatwgUrl urn = WhatwgUrl.parse("urn:isbn:0451450523?x#y", null);
        assertThat(urn.pathname()).isEqualTo("isbn:0451450523");
        assertThat(urn.hostname()).isEmpty();
        assertThat(urn.search()).isEqualTo("x");
        assertThat(WhatwgUrl.parse("foo:/.//x", null).href()).isEqualTo("foo:/.//x");
        assertThat(WhatwgUrl.parse("no scheme", null)).isNull();
    }

    @Test
    void theNormalizedPathDecodesUnreservedOctetsAndRemovesDotSegments() {
        assertThat(WhatwgUrl.normalizedPath("/.well-known/%6Dercure/subscriptions", HUB))
                .isEqualTo("/.well-known/mercure/subscriptions");
        assertThat(WhatwgUrl.normalizedPath(HUB + "/../mercure/x", null)).isEqualTo("/.well-known/mercure/x");
        assertThat(WhatwgUrl.normalizedPath("/.well-known/mercure%2fx", HUB)).as("a reserved octet stays encoded")
                .isEqualTo("/.well-known/mercure%2Fx");
        assertThat(WhatwgUrl.normalizedPath("/a/%2E%2E/%2e/b", HUB)).isEqualTo("/b");
        assertThat(WhatwgUrl.normalizedPath("/x/%2E%2e%2F", HUB)).isEqualTo("/x/..%2F");
        assertThat(WhatwgUrl.normalizedPath("urn:example:1", HUB)).as("an opaque path names no hub path").isNull();
        assertThat(WhatwgUrl.normalizedPath("https://exa mple/", HUB)).isNull();
    }
}
