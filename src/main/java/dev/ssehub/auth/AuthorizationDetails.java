package dev.ssehub.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.ssehub.hub.topic.Matcher;

/**
 * Reads the Mercure entries of an access token's {@code authorization_details} claim (RFC 9396,
 * type {@value #TYPE}) into what the token grants. All or nothing: one malformed Mercure entry, or
 * one over the limits, refuses the whole token, since acting on the others would grant something
 * its issuer did not write. Entries of other types are for other APIs and are ignored; actions
 * the hub does not know grant nothing.
 */
final class AuthorizationDetails {

    /** The type of Mercure authorization details. */
    static final String TYPE = "https://mercure.rocks/authorization-detail";
    /** Most Mercure entries in one token. */
    static final int MAX_DETAILS = 64;
    /** Most matchers in the {@code topics} of one entry. */
    static final int MAX_MATCHERS = 256;
    /** Longest {@code match}, in characters. */
    static final int MAX_MATCH_LENGTH = 2048;

    private AuthorizationDetails() {
    }

    /**
     * What {@code claim} grants.
     *
     * @param claim          the claim's value as jose4j read it, or {@code null} when absent (grants nothing)
     * @param matcherProblem why a matcher is not valid for its type, or {@code null} when it is
     * @throws InvalidTokenException if a Mercure entry is malformed or over a limit, saying which
     */
    static Grants read(Object claim, Function<Matcher, String> matcherProblem) throws InvalidTokenException {
        if (claim == null) {
            return new Grants(null, null, List.of());
        }
        if (!(claim instanceof List<?> entries)) {
            throw invalid("authorization_details must be a JSON array");
        }
        List<Matcher> publish = null;
        List<Matcher> subscribe = null;
        List<Claims.PayloadGrant> payloads = new ArrayList<>();
        int mercureEntries = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw invalid("authorization_details[" + i + "] must be a JSON object");
            }
            if (!TYPE.equals(entry.get("type"))) {
                continue;
            }
            if (++mercureEntries > MAX_DETAILS) {
                throw invalid("the token has more than " + MAX_DETAILS + " Mercure authorization details, the most this "
                        + "hub reads");
            }
            String where = "authorization_details[" + i + "]";
            List<String> actions = actions(entry.get("actions"), where);
            List<Matcher> topics = topics(entry.get("topics"), where, matcherProblem);
            Object payload = entry.get("payload");
            if (payload != null && !(payload instanceof Map)) {
                throw invalid(where + ".payload must be a JSON object");
            }
            if (actions.contains("publish")) {
                publish = append(publish, topics);
            }
            if (actions.contains("subscribe")) {
                subscribe = append(subscribe, topics);
                // Without a payload too: the first subscribe entry that matches a subscription decides.
                payloads.add(new Claims.PayloadGrant(topics, payload));
            }
        }
        return new Grants(publish, subscribe, payloads);
    }

    /**
     * What a token grants.
     *
     * @param publish   matchers it may publish to, or {@code null}
     * @param subscribe matchers it may receive private updates of, or {@code null}
     * @param payloads  payloads of its subscribe entries, in token order
     */
    record Grants(List<Matcher> publish, List<Matcher> subscribe, List<Claims.PayloadGrant> payloads) {
    }

    private static List<String> actions(Object value, String where) throws InvalidTokenException {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid(where + ".actions must be a non-empty JSON array of strings, e.g. [\"subscribe\"]");
        }
        List<String> actions = new ArrayList<>(list.size());
        for (Object action : list) {
            if (!(action instanceof String name)) {
                throw invalid(where + ".actions must hold strings only");
            }
            actions.add(name);
        }
        return actions;
    }

    private static List<Matcher> topics(Object value, String where, Function<Matcher, String> matcherProblem)
            throws InvalidTokenException {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid(where + ".topics must be a non-empty JSON array of matchers, e.g. [{\"match\": \"*\"}]");
        }
        if (list.size() > MAX_MATCHERS) {
            throw invalid(where + ".topics has " + list.size() + " matchers; this hub reads at most " + MAX_MATCHERS);
        }
        List<Matcher> matchers = new ArrayList<>(list.size());
        for (int j = 0; j < list.size(); j++) {
            String at = where + ".topics[" + j + "]";
            if (!(list.get(j) instanceof Map<?, ?> topic)) {
                throw invalid(at + " must be a JSON object with a match member");
            }
            if (!(topic.get("match") instanceof String match) || match.isEmpty()) {
                throw invalid(at + ".match must be a non-empty string");
            }
            if (match.length() > MAX_MATCH_LENGTH) {
                throw invalid(at + ".match has " + match.length() + " characters; this hub reads at most "
                        + MAX_MATCH_LENGTH);
            }
            Object typeName = topic.containsKey("match_type") ? topic.get("match_type") : "exact";
            Matcher.Type type = typeName instanceof String name ? Matcher.Type.ofWireName(name) : null;
            if (type == null) {
                throw invalid(at + ".match_type must be one of exact, urlpattern, uritemplate (this hub's matcher types)");
            }
            Matcher matcher = new Matcher(type, match);
            String problem = matcherProblem.apply(matcher);
            if (problem != null) {
                throw invalid(at + ".match is not a valid " + type.wireName() + " matcher: " + problem);
            }
            matchers.add(matcher);
        }
        return matchers;
    }

    private static List<Matcher> append(List<Matcher> to, List<Matcher> more) {
        List<Matcher> out = to == null ? new ArrayList<>() : to;
        out.addAll(more);
        return out;
    }

    private static InvalidTokenException invalid(String detail) {
        return new InvalidTokenException("the token's " + detail);
    }
}
