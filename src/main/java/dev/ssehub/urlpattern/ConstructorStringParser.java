package dev.ssehub.urlpattern;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.ssehub.urlpattern.Token.Type;

/**
 * Splits a whole pattern string ({@code https://*.example.com/books/:id?q=*#top}) into the pattern
 * strings of its components, as the URL Pattern Standard's "parse a constructor string" does: it
 * reads the lenient tokens, so that {@code :}, {@code /}, {@code ?}, {@code #} and {@code @} that
 * delimit components are told apart from those inside groups, names and regular expressions. A
 * component the string does not reach is absent from the result (to be inherited from the base
 * URL or be {@code *}).
 */
final class ConstructorStringParser {

    /** The component strings found, each with the index in the pattern where it starts. */
    record Result(Map<Component, String> values, Map<Component, Integer> starts) {
    }

    private enum State { INIT, PROTOCOL, AUTHORITY, USERNAME, PASSWORD, HOSTNAME, PORT, PATHNAME, SEARCH, HASH, DONE }

    private final String input;
    private final List<Token> tokens;
    private final Map<Component, String> values = new EnumMap<>(Component.class);
    private final Map<Component, Integer> starts = new EnumMap<>(Component.class);
    private State state = State.INIT;
    private int index;
    private int componentStart;
    private int increment = 1;
    private int groupDepth;
    private int ipv6Depth;
    private boolean protocolIsSpecial;

    private ConstructorStringParser(String input, List<Token> tokens) {
        this.input = input;
        this.tokens = tokens;
    }

    static Result parse(String input) throws UrlPatternException {
        ConstructorStringParser parser = new ConstructorStringParser(input, Tokenizer.tokenize(input, false));
        parser.run();
        return new Result(parser.values, parser.starts);
    }

    private void run() throws UrlPatternException {
        while (index < tokens.size()) {
            increment = 1;
            if (tokens.get(index).type() == Type.END) {
                if (state == State.INIT) {
                    rewind();
                    if (isText(0, '#')) {
                        changeState(State.HASH, 1);
                    } else if (isSearchPrefix()) {
                        changeState(State.SEARCH, 1);
                    } else {
                        changeState(State.PATHNAME, 0);
                    }
                    index += increment;
                    continue;
                }
                if (state == State.AUTHORITY) {
                    rewindAndSetState(State.HOSTNAME);
                    index += increment;
                    continue;
                }
                changeState(State.DONE, 0);
                break;
            }
            if (groupDepth > 0) {
                if (tokens.get(index).type() == Type.CLOSE) {
                    groupDepth--;
                } else {
                    index += increment;
                    continue;
                }
            }
            if (tokens.get(index).type() == Type.OPEN) {
                groupDepth++;
                index += increment;
                continue;
            }
            step();
            index += increment;
        }
        if (values.containsKey(Component.HOSTNAME) && !values.containsKey(Component.PORT)) {
            values.put(Component.PORT, "");
        }
    }

    private void step() throws UrlPatternException {
        switch (state) {
            case INIT:
                if (isText(0, ':')) {
                    rewindAndSetState(State.PROTOCOL);
                }
                break;
            case PROTOCOL:
                if (isText(0, ':')) {
                    protocolIsSpecial = Component.PROTOCOL.compile(componentString(), null).matchesSpecialScheme();
                    State next = State.PATHNAME;
                    int skip = 1;
                    if (isText(1, '/') && isText(2, '/')) {
                        next = State.AUTHORITY;
                        skip = 3;
                    } else if (protocolIsSpecial) {
                        next = State.AUTHORITY;
                    }
                    changeState(next, skip);
                }
                break;
            case AUTHORITY:
                if (isText(0, '@')) {
                    rewindAndSetState(State.USERNAME);
                } else if (isText(0, '/') || isSearchPrefix() || isText(0, '#')) {
                    rewindAndSetState(State.HOSTNAME);
                }
                break;
            case USERNAME:
                if (isText(0, ':')) {
                    changeState(State.PASSWORD, 1);
                } else if (isText(0, '@')) {
                    changeState(State.HOSTNAME, 1);
                }
                break;
            case PASSWORD:
                if (isText(0, '@')) {
                    changeState(State.HOSTNAME, 1);
                }
                break;
            case HOSTNAME:
                if (isText(0, '[')) {
                    ipv6Depth++;
                } else if (isText(0, ']')) {
                    ipv6Depth--;
                } else if (isText(0, ':') && ipv6Depth == 0) {
                    changeState(State.PORT, 1);
                } else if (isText(0, '/')) {
                    changeState(State.PATHNAME, 0);
                } else if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isText(0, '#')) {
                    changeState(State.HASH, 1);
                }
                break;
            case PORT:
                if (isText(0, '/')) {
                    changeState(State.PATHNAME, 0);
                } else if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isText(0, '#')) {
                    changeState(State.HASH, 1);
                }
                break;
            case PATHNAME:
                if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isText(0, '#')) {
                    changeState(State.HASH, 1);
                }
                break;
            case SEARCH:
                if (isText(0, '#')) {
                    changeState(State.HASH, 1);
                }
                break;
            default:
                break;
        }
    }

    private Token safeToken(int at) {
        return at >= 0 && at < tokens.size() ? tokens.get(at) : tokens.get(tokens.size() - 1);
    }

    private boolean isText(int ahead, char c) {
        return safeToken(index + ahead).isText(c);
    }

    /** A {@code ?} starts the search unless it is the modifier of the group before it. */
    private boolean isSearchPrefix() {
        if (isText(0, '?')) {
            return true;
        }
        if (!tokens.get(index).value().equals("?")) {
            return false;
        }
        if (index == 0) {
            return true;
        }
        Type previous = safeToken(index - 1).type();
        return previous != Type.NAME && previous != Type.REGEXP && previous != Type.CLOSE && previous != Type.ASTERISK;
    }

    private String componentString() {
        return input.substring(safeToken(componentStart).index(), tokens.get(index).index());
    }

    private void changeState(State next, int skip) {
        Component component = component(state);
        if (component != null) {
            values.put(component, componentString());
            starts.put(component, safeToken(componentStart).index());
        }
        if (state != State.INIT && next != State.DONE) {
            boolean beforeHost = state == State.PROTOCOL || state == State.AUTHORITY || state == State.USERNAME
                    || state == State.PASSWORD;
            if (beforeHost && (next == State.PORT || next == State.PATHNAME || next == State.SEARCH || next == State.HASH)) {
                values.putIfAbsent(Component.HOSTNAME, "");
            }
            boolean beforePath = beforeHost || state == State.HOSTNAME || state == State.PORT;
            if (beforePath && (next == State.SEARCH || next == State.HASH)) {
                values.putIfAbsent(Component.PATHNAME, protocolIsSpecial ? "/" : "");
            }
            if ((beforePath || state == State.PATHNAME) && next == State.HASH) {
                values.putIfAbsent(Component.SEARCH, "");
            }
        }
        state = next;
        index += skip;
        componentStart = index;
        increment = 0;
    }

    private void rewind() {
        index = componentStart;
        increment = 0;
    }

    private void rewindAndSetState(State next) {
        rewind();
        state = next;
    }

    private static Component component(State state) {
        switch (state) {
            case PROTOCOL:
                return Component.PROTOCOL;
            case USERNAME:
                return Component.USERNAME;
            case PASSWORD:
                return Component.PASSWORD;
            case HOSTNAME:
                return Component.HOSTNAME;
            case PORT:
                return Component.PORT;
            case PATHNAME:
                return Component.PATHNAME;
            case SEARCH:
                return Component.SEARCH;
            case HASH:
                return Component.HASH;
            default:
                return null;
        }
    }
}
