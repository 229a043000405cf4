package dev.ssehub.urlpattern;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.ssehub.urlpattern.Part.Modifier;
import dev.ssehub.urlpattern.Token.Type;
import dev.ssehub.urlpattern.UrlPatternException.Kind;

/**
 * Parses the pattern string of one component into {@link Part}s, as the URL Pattern Standard's
 * "parse a pattern string" does: a {@code :name} or {@code (regexp)} or {@code *} takes the
 * character before it as its prefix when that is the component's prefix code point ({@code /} in
 * paths), {@code {...}} groups give any prefix and suffix, and fixed text is canonicalized by the
 * component's encoder as it is added.
 */
final class PatternParser {

    /** Canonicalizes a run of fixed text of one component; throws if the component cannot contain it. */
    @FunctionalInterface
    interface Encoder {
        String encode(String text) throws UrlPatternException;
    }

    /** How a component splits: its segment delimiter ("" for none) and the prefix code point ("" for none). */
    record Options(String delimiter, String prefix) {
        static final Options DEFAULT = new Options("", "");
        static final Options HOSTNAME = new Options(".", "");
        static final Options PATHNAME = new Options("/", "/");
    }

    private final List<Token> tokens;
    private final Options options;
    private final Encoder encoder;
    private final List<Part> parts = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final StringBuilder pending = new StringBuilder();
    private int pendingIndex = -1;
    private int position;
    private int nextNumericName;

    private PatternParser(List<Token> tokens, Options options, Encoder encoder) {
        this.tokens = tokens;
        this.options = options;
        this.encoder = encoder;
    }

    static List<Part> parse(String pattern, Options options, Encoder encoder) throws UrlPatternException {
        return new PatternParser(Tokenizer.tokenize(pattern, true), options, encoder).run();
    }

    private List<Part> run() throws UrlPatternException {
        while (position < tokens.size()) {
            Token charToken = tryConsume(Type.CHAR);
            Token nameToken = tryConsume(Type.NAME);
            Token regexpOrWildcard = tryConsumeRegexpOrWildcard(nameToken);
            if (nameToken != null || regexpOrWildcard != null) {
                String prefix = charToken == null ? "" : charToken.value();
                int index = charToken != null ? charToken.index() : (nameToken != null ? nameToken : regexpOrWildcard).index();
                if (!prefix.isEmpty() && !prefix.equals(options.prefix())) {
                    appendPending(prefix, charToken.index());
                    prefix = "";
                    index = (nameToken != null ? nameToken : regexpOrWildcard).index();
                }
                addPendingPart();
                addPart(prefix, nameToken, regexpOrWildcard, "", tryConsumeModifier(), index);
                continue;
            }
            Token fixed = charToken != null ? charToken : tryConsume(Type.ESCAPED_CHAR);
            if (fixed != null) {
                appendPending(fixed.value(), fixed.index());
                continue;
            }
            Token open = tryConsume(Type.OPEN);
            if (open != null) {
                String prefix = consumeText();
                Token name = tryConsume(Type.NAME);
                Token regexp = tryConsumeRegexpOrWildcard(name);
                String suffix = consumeText();
                consumeRequired(Type.CLOSE, "'}' to close the group");
                addPart(prefix, name, regexp, suffix, tryConsumeModifier(), open.index());
                continue;
            }
            addPendingPart();
            consumeRequired(Type.END, "the end of the pattern");
        }
        return parts;
    }

    private Token tryConsume(Type type) {
        Token token = tokens.get(position);
        if (token.type() != type) {
            return null;
        }
        position++;
        return token;
    }

    private Token tryConsumeRegexpOrWildcard(Token name) {
        Token token = tryConsume(Type.REGEXP);
        return token == null && name == null ? tryConsume(Type.ASTERISK) : token;
    }

    private Token tryConsumeModifier() {
        Token token = tryConsume(Type.OTHER_MODIFIER);
        return token == null ? tryConsume(Type.ASTERISK) : token;
    }

    private void consumeRequired(Type type, String expected) throws UrlPatternException {
        if (tryConsume(type) == null) {
            Token found = tokens.get(position);
            throw new UrlPatternException(Kind.INVALID, "expected " + expected + " but found " + describe(found),
                    found.index());
        }
    }

    private static String describe(Token token) {
        switch (token.type()) {
            case END:
                return "the end of the pattern";
            case REGEXP:
                return "the regular expression '(" + token.value() + ")'";
            case NAME:
                return "the named group ':" + token.value() + "'";
            default:
                return "'" + token.value() + "' (a modifier or group delimiter must follow a group; escape it as '\\"
                        + token.value() + "' to match it)";
        }
    }

    private String consumeText() {
        StringBuilder text = new StringBuilder();
        while (true) {
            Token token = tryConsume(Type.CHAR);
            if (token == null) {
                token = tryConsume(Type.ESCAPED_CHAR);
            }
            if (token == null) {
                return text.toString();
            }
            text.append(token.value());
        }
    }

    private void appendPending(String text, int index) {
        if (pending.length() == 0) {
            pendingIndex = index;
        }
        pending.append(text);
    }

    private void addPendingPart() throws UrlPatternException {
        if (pending.length() == 0) {
            return;
        }
        String text = pending.toString();
        pending.setLength(0);
        parts.add(new Part(Part.Type.FIXED_TEXT, encode(text, pendingIndex), Modifier.NONE, "", "", pendingIndex));
    }

    private String encode(String text, int index) throws UrlPatternException {
        try {
            return encoder.encode(text);
        } catch (UrlPatternException e) {
            throw new UrlPatternException(e.kind(), e.getMessage(), index);
        }
    }

    private void addPart(String prefix, Token name, Token regexpOrWildcard, String suffix, Token modifierToken, int index)
            throws UrlPatternException {
        Modifier modifier = modifier(modifierToken);
        if (name == null && regexpOrWildcard == null && modifier == Modifier.NONE) {
            appendPending(prefix, index);
            return;
        }
        addPendingPart();
        if (name == null && regexpOrWildcard == null) {
            if (!prefix.isEmpty()) {
                parts.add(new Part(Part.Type.FIXED_TEXT, encode(prefix, index), modifier, "", "", index));
            }
            return;
        }
        Part.Type type;
        String value = "";
        if (regexpOrWildcard == null) {
            type = Part.Type.SEGMENT_WILDCARD;
        } else if (regexpOrWildcard.type() == Type.ASTERISK || regexpOrWildcard.value().equals(".*")) {
            type = Part.Type.FULL_WILDCARD;
        } else if (regexpOrWildcard.value().equals(segmentWildcard())) {
            type = Part.Type.SEGMENT_WILDCARD;
        } else {
            type = Part.Type.REGEXP;
            value = regexpOrWildcard.value();
        }
        String groupName = name != null ? name.value() : Integer.toString(nextNumericName++);
        if (!names.add(groupName)) {
            throw new UrlPatternException(Kind.INVALID, "the group name '" + groupName + "' is used twice",
                    name != null ? name.index() : index);
        }
        parts.add(new Part(type, value, modifier, encode(prefix, index), encode(suffix, index), index));
    }

    /** The regular expression a {@code :name} stands for, as the standard writes it. */
    private String segmentWildcard() {
        return "[^" + escapeRegexp(options.delimiter()) + "]+?";
    }

    private static Modifier modifier(Token token) {
        if (token == null) {
            return Modifier.NONE;
        }
        switch (token.value()) {
            case "?":
                return Modifier.OPTIONAL;
            case "*":
                return Modifier.ZERO_OR_MORE;
            default:
                return Modifier.ONE_OR_MORE;
        }
    }

    /** {@code text} with the characters that are special in a JavaScript regular expression escaped. */
    static String escapeRegexp(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (".+*?^${}()[]|/\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
