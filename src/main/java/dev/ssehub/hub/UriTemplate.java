package dev.ssehub.hub;

/** PLACEHOLDER until the real matcher lands from the uri-template branch: matches nothing. */
final class UriTemplate {

    private UriTemplate() {
    }

    static UriTemplate compile(String template) {
        return new UriTemplate();
    }

    boolean matches(String uri) {
        return false;
    }
}
