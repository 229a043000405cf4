package dev.ssehub.urlpattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random URL patterns, built from a grammar of pattern parts (fixed text, {@code :name},
 * {@code *}, {@code {...}} groups, modifiers, simple regular expressions) for every component,
 * absolute and relative, each with inputs: URLs built to match it part by part, the same with a
 * character changed, and URLs from a fixed pool.
 */
final class RandomCases {

    /** The base URLs relative patterns and inputs are resolved against. */
    static final List<String> BASES = List.of(
            "https://hub.example.com/.well-known/mercure",
            "https://example.com/a/b/",
            "http://example.com:8080/x?y#z",
            "https://user:pw@example.com/dir/file.html?q=1",
            "foo://host/a/b");

    private static final List<String> POOL = List.of(
            "https://example.com/", "https://example.com/books/1", "http://example.com:8080/books/1?x=1#top",
            "https://sub.example.com/a/b/c", "https://EXAMPLE.com/Books/1", "https://xn--caf-dma.com/", "https://café.com/",
            "https://127.0.0.1/", "https://0x7f.1/", "http://[::1]:8080/", "https://a@example.com/", "https://a:b@example.com/",
            "foo://host/a/b", "foo:opaque/path", "urn:isbn:123", "data:text/plain,x", "file:///C:/x/y", "wss://example.com:443/",
            "/.well-known/mercure/subscriptions/exact/a/b", "/.well-known/%6Dercure/x", "../x", "?q=1", "#frag", "",
            "https://example.com/a%2Fb", "https://example.com/a/./b/../c", "https://example.com/é", "not a url", "https://",
            "https://example.com:99999/", "https://example.com/??x", "https://example.com/##x", "https://example.com//x",
            "https://example.com/a b", "javascript:alert(1)", "HTTPS://EXAMPLE.COM/BOOKS/1");

    /** A piece of pattern text and strings that piece matches. */
    private record Piece(String pattern, List<String> samples) {
    }

    private final Random random;
    private int names;

    RandomCases(long seed) {
        this.random = new Random(seed);
    }

    List<PatternCase> generate(int count) {
        List<PatternCase> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names = 0;
            boolean relative = random.nextInt(4) == 0;
            List<Piece> pieces = relative ? relative() : absolute();
            String base = relative || random.nextInt(3) == 0 ? pick(BASES) : null;
            StringBuilder pattern = new StringBuilder();
            pieces.forEach(piece -> pattern.append(piece.pattern()));
            List<String> inputs = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                StringBuilder input = new StringBuilder();
                pieces.forEach(piece -> input.append(pick(piece.samples())));
                inputs.add(input.toString());
            }
            inputs.add(mutate(inputs.get(0)));
            inputs.add(mutate(inputs.get(1)));
            inputs.add(pick(POOL));
            cases.add(new PatternCase("random#" + i, pattern.toString(), base, inputs));
        }
        return cases;
    }

    private List<Piece> absolute() {
        List<Piece> pieces = new ArrayList<>();
        Piece protocol = pick(List.of(
                piece("https", "https", "HTTPS"), piece("http", "http"), piece("http{s}?", "http", "https"),
                piece("*", "https", "foo", "wss"), piece(":scheme", "https", "ws"), piece("(https|wss)", "https", "wss"),
                piece("ws{s}?", "ws", "wss"), piece("foo", "foo"), piece("file", "file"), piece("urn", "urn"),
                piece("data", "data"), piece("wss", "wss")));
        pieces.add(protocol);
        boolean opaque = List.of("urn", "data", "foo").contains(protocol.pattern()) && random.nextBoolean();
        if (opaque) {
            pieces.add(piece(":", ":"));
            pieces.add(opaquePath());
        } else {
            pieces.add(piece("://", "://"));
            if (random.nextInt(6) == 0) {
                pieces.add(pick(List.of(piece(":user@", "alice@", "bob@"), piece("alice\\:secret@", "alice:secret@"),
                        piece("*@", "x@", "a:b@"), piece(":u::p@", "a:b@", "a:@"))));
            }
            pieces.addAll(host());
            if (random.nextInt(4) == 0) {
                pieces.add(pick(List.of(piece(":8080", ":8080"), piece(":443", ":443", ""), piece(":80", ":80", ""),
                        piece(":*", ":8080", ":1", ""), piece(":(80|8080)", ":8080", ":80"), piece(":0080", ":80"),
                        piece(":8{0}?80", ":880", ":8080"))));
            }
            pieces.addAll(path(random.nextInt(5)));
        }
        addSearchAndHash(pieces);
        return pieces;
    }

    private List<Piece> relative() {
        List<Piece> pieces = new ArrayList<>();
        switch (random.nextInt(5)) {
            case 0:
                pieces.add(piece("?", "?"));
                pieces.add(search());
                break;
            case 1:
                pieces.add(piece("#", "#"));
                pieces.add(hash());
                break;
            case 2:
                pieces.add(pick(List.of(piece("relative", "relative"), piece("./x", "./x", "x"),
                        piece("../up", "../up", "/up", "up"), piece(":first", "first", "a"))));
                pieces.addAll(path(random.nextInt(3)));
                addSearchAndHash(pieces);
                break;
            default:
                pieces.addAll(path(1 + random.nextInt(4)));
                addSearchAndHash(pieces);
                break;
        }
        return pieces;
    }

    private void addSearchAndHash(List<Piece> pieces) {
        if (random.nextInt(3) == 0) {
            pieces.add(piece("\\?", "?"));
            pieces.add(search());
        }
        if (random.nextInt(4) == 0) {
            pieces.add(piece("#", "#"));
            pieces.add(hash());
        }
    }

    private List<Piece> host() {
        List<Piece> pieces = new ArrayList<>();
        switch (random.nextInt(8)) {
            case 0:
                pieces.add(pick(List.of(piece("127.0.0.1", "127.0.0.1", "0x7f.1", "2130706433"),
                        piece("[\\:\\:1]", "[::1]", "[0:0::1]"), piece("[:address]", "[::1]", "[1::2]"),
                        piece("*", "example.com", "a.b.c", "127.0.0.1"))));
                return pieces;
            case 1:
                pieces.add(piece("{*.}?", "", "sub.", "a.b."));
                break;
            case 2:
                pieces.add(piece("*.", "sub.", "a.b."));
                break;
            case 3:
                pieces.add(piece(name() + ".", "sub.", "www."));
                break;
            default:
                break;
        }
        int labels = 1 + random.nextInt(2);
        for (int i = 0; i < labels; i++) {
            pieces.add(pick(List.of(piece("example", "example", "EXAMPLE"), piece("a-b", "a-b"), piece("x1", "x1"),
                    piece("café", "café", "xn--caf-dma"), piece("xn--caf-dma", "café"), piece("(a|b)", "a", "b"),
                    piece(name(), "one", "two"), piece("faß", "faß", "xn--fa-hia"), piece("EXAMPLE", "example"))));
            pieces.add(piece(".", "."));
        }
        pieces.add(pick(List.of(piece("com", "com"), piece("org", "org", "ORG"), piece("*", "com", "co.uk"))));
        return pieces;
    }

    private List<Piece> path(int segments) {
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            pieces.add(pick(List.of(
                    piece("/books", "/books"), piece("/a.b", "/a.b"), piece("/%41", "/%41", "/A"), piece("/é", "/é", "/%C3%A9"),
                    piece("/~x", "/~x"), piece("/a%2Fb", "/a%2Fb", "/a/b"), piece("/..", "/.."), piece("/.", "/."),
                    piece("/:" + name(), "/42", "/x.y", "/"), piece("/:" + name() + "?", "/x", ""),
                    piece("/:" + name() + "+", "/a", "/a/b"), piece("/:" + name() + "*", "", "/a/b"),
                    piece("/*", "/x/y", "/", "/x"), piece("/(\\d+)", "/123", "/x"), piece("/([a-z]+)", "/abc", "/ABC"),
                    piece("{/x}?", "/x", ""), piece("/:" + name() + "(\\d{2,4})", "/12", "/12345"),
                    piece("/{:" + name() + ".:" + name() + "}", "/a.b", "/a"), piece("/(.*)", "/a/b", "/"),
                    piece("/a\\:b", "/a:b"), piece("/((?:ab)+)", "/abab", "/aba"), piece("/([^/]+)", "/x", "/x/y"),
                    piece("/(x(?=y)y)", "/xy"), piece("/(\\w+)", "/a_1", "/a-1"), piece("/([A-Z]{2})", "/AB", "/ab"),
                    piece("/(a|b)+", "/a", "/ab", "/ba"), piece("/a b", "/a b", "/a%20b"), piece("/\\*", "/*"),
                    piece("/{a}+", "/a", "/aa"), piece("/(\\x41)", "/A"), piece("/(a\\/b)", "/a/b"),
                    piece("/(\\p{L})", "/a"), piece("/x\\(", "/x("), piece("/(\\s)", "/ "), piece("/(.)", "/."))));
        }
        return pieces;
    }

    private Piece opaquePath() {
        return pick(List.of(piece("isbn\\:*", "isbn:123"), piece(":" + name(), "x", "a:b"), piece("*", "anything", ""),
                piece("text/plain,:" + name(), "text/plain,x"), piece("a b", "a b", "a%20b"), piece("(\\d+)", "123")));
    }

    private Piece search() {
        return pick(List.of(piece("q=:" + name(), "q=1", "q=", "q=a&b"), piece("*", "", "a=1"), piece("a=1&b=*", "a=1&b=2"),
                piece("{q=:" + name() + "}?", "q=1", ""), piece("x", "x", "X"), piece("q=\\*", "q=*"), piece("é", "é", "%C3%A9"),
                piece("a b", "a b", "a%20b", "a+b"), piece("'", "'", "%27")));
    }

    private Piece hash() {
        return pick(List.of(piece("top", "top"), piece("*", "", "x"), piece(":" + name(), "f", ""), piece("s(\\d+)", "s1", "s"),
                piece("é", "é", "%C3%A9"), piece("a`b", "a`b", "a%60b")));
    }

    private String name() {
        return "n" + names++;
    }

    private String mutate(String input) {
        if (input.isEmpty()) {
            return "x";
        }
        int at = random.nextInt(input.length());
        String replacement = pick(List.of("", "x", "/", ".", "%", "A", "?", "#", ":", "@", "é", "1"));
        return input.substring(0, at) + replacement + input.substring(at + (random.nextBoolean() ? 1 : 0));
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static Piece piece(String pattern, String... samples) {
        return new Piece(pattern, List.of(samples));
    }
}
