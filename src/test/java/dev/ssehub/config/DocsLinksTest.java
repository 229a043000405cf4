package dev.ssehub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every relative link in the project's documents (README, CONTRIBUTING, SECURITY, BENCHMARKS,
 * CHANGELOG and {@code docs/*.md}) points to a file or folder of the repository that exists, and
 * every {@code #anchor} into a Markdown file names one of its headings, with GitHub's anchor rules
 * (lower case, spaces to {@code -}, punctuation dropped, {@code -1}, {@code -2} for repeats). Links
 * inside code blocks and code spans are text, not links; links with a scheme ({@code https:},
 * {@code mailto:}) are not followed. Plain JUnit: it reads files, no application needed.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    // [text](target "title") and ![alt](target); the target ends at whitespace or the closing parenthesis.
    private static final Pattern INLINE = Pattern.compile("\\]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
    // [label]: target
    private static final Pattern REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
    // <a href="…">, <img src="…">
    private static final Pattern HTML = Pattern.compile("(?:href|src)=\"([^\"]*)\"");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:|^//");
    private static final Pattern LINE_ANCHOR = Pattern.compile("L\\d+(-L\\d+)?");

    static Stream<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        for (String name : List.of("README.md", "CONTRIBUTING.md", "SECURITY.md", "BENCHMARKS.md", "CHANGELOG.md")) {
            documents.add(Path.of(name));
        }
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void everyRelativeLinkLeadsToAFileAndEveryAnchorToAHeading(Path document) {
        assertThat(document).as("a document the docs link to each other from").isRegularFile();
        assertThat(brokenLinks(document, ROOT)).as("broken links in " + document).isEmpty();
    }

    @Test
    void theRootDocumentsAndEveryPageUnderDocsAreChecked() throws IOException {
        assertThat(documents().map(Path::toString)).contains("README.md", "CONTRIBUTING.md", "CHANGELOG.md",
                Path.of("docs", "PROTOCOL.md").toString(), Path.of("docs", "CONFIGURATION.md").toString(),
                Path.of("docs", "ARCHITECTURE.md").toString());
    }

    /** The check itself must fail on a broken link, a broken anchor and a link out of the repository. */
    @Test
    void brokenFilesAnchorsAndLinksOutOfTheRepositoryAreReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/GUIDE.md"), """
                # Guide

                ## TLS and HTTP/2
                ### draft-07
                ## Other
                ### draft-07
                ## sse-hub's `hub.*` keys
                """);
        Files.writeString(root.resolve("README.md"), """
                # Title
                [fine](docs/GUIDE.md) [fine](docs/GUIDE.md#tls-and-http2) [fine](docs/GUIDE.md#draft-07-1)
                [fine](docs/GUIDE.md#sse-hubs-hub-keys) [fine](#title) [fine](docs/) [fine](https://example.com/x.md)
                ![missing picture](docs/none.png) [missing file](docs/NONE.md)
                [missing anchor](docs/GUIDE.md#tls) [missing here](#nothing) [third repeat](docs/GUIDE.md#draft-07-2)
                [outside](../shared/PROTOCOL.md)
                `[in a code span](docs/NONE.md)`

                ```
                [in a code block](docs/NONE.md)
                ```
                """);

        assertThat(brokenLinks(root.resolve("README.md"), root)).containsExactly(
                "docs/none.png: no such file",
                "docs/NONE.md: no such file",
                "docs/GUIDE.md#tls: no such heading",
                "#nothing: no such heading",
                "docs/GUIDE.md#draft-07-2: no such heading",
                "../shared/PROTOCOL.md: outside the repository");
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertThat(anchor("A 30-second tour")).isEqualTo("a-30-second-tour");
        assertThat(anchor("TLS and HTTP/2")).isEqualTo("tls-and-http2");
        assertThat(anchor("Every client, step by step (dev mode)")).isEqualTo("every-client-step-by-step-dev-mode");
        assertThat(anchor("The `hub.*` keys")).isEqualTo("the-hub-keys");
        assertThat(anchor("[0.1.0] - 2026-11-24")).isEqualTo("010---2026-11-24");
        assertThat(anchor("Under attack: the topic-selector flood")).isEqualTo("under-attack-the-topic-selector-flood");
    }

    /** The links of {@code document} that lead nowhere, each as its target and what is wrong. */
    static List<String> brokenLinks(Path document, Path root) {
        List<String> broken = new ArrayList<>();
        Path base = root.toAbsolutePath().normalize();
        Path from = base.resolve(document).normalize();
        for (String target : links(read(from))) {
            String problem = problem(target, from, base);
            if (problem != null) {
                broken.add(target + ": " + problem);
            }
        }
        return broken;
    }

    private static String problem(String target, Path from, Path root) {
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? from
                : from.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
        if (!file.startsWith(root)) {
            return "outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (fragment == null) {
            return null;
        }
        if (!file.toString().endsWith(".md")) {
            return LINE_ANCHOR.matcher(fragment).matches() ? null : "an anchor into a file that is not Markdown";
        }
        return anchors(read(file)).contains(URLDecoder.decode(fragment, StandardCharsets.UTF_8)) ? null
                : "no such heading";
    }

    /** The link targets of a Markdown text, in order, leaving out code blocks and code spans. */
    static List<String> links(List<String> lines) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(lines)) {
            String text = CODE_SPAN.matcher(line).replaceAll("code");
            for (Pattern pattern : List.of(INLINE, REFERENCE, HTML)) {
                Matcher link = pattern.matcher(text);
                while (link.find()) {
                    String target = link.group(1);
                    targets.add(target.startsWith("<") ? target.substring(1, target.length() - 1) : target);
                }
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the headings of a Markdown text, and the explicit {@code <a name>} ones. */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(lines)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = anchor(heading.group(2));
                int repeat = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
            }
            Matcher explicit = HTML_ANCHOR.matcher(line);
            while (explicit.find()) {
                anchors.add(explicit.group(1));
            }
        }
        return anchors;
    }

    /** GitHub's anchor for a heading: its text as shown, lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        String shown = heading
                .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replace("`", "")
                .replace("*", "");
        return shown.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    // The lines outside fenced code blocks.
    private static List<String> prose(List<String> lines) {
        List<String> prose = new ArrayList<>();
        String fence = null;
        for (String line : lines) {
            Matcher opening = FENCE.matcher(line);
            if (fence == null && opening.find()) {
                fence = opening.group(1);
            } else if (fence != null && line.strip().startsWith(fence)) {
                fence = null;
            } else if (fence == null) {
                prose.add(line);
            }
        }
        return prose;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
