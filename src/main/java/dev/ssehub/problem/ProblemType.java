package dev.ssehub.problem;

/** The kinds of problem the API reports, each with a stable type URI and title. */
public enum ProblemType {

    INVALID_REQUEST("invalid-request", "Invalid request"),
    MALFORMED_JSON("malformed-json", "Malformed JSON body"),
    MALFORMED_FORM("malformed-form", "Malformed form body"),
    INVALID_UPDATE("invalid-update", "Invalid update"),
    INVALID_SUBSCRIPTION("invalid-subscription", "Invalid subscription"),
    UPDATE_TOO_LARGE("update-too-large", "Update too large"),
    UNAUTHORIZED("unauthorized", "Unauthorized"),
    FORBIDDEN("forbidden", "Forbidden"),
    TOO_MANY_SUBSCRIPTIONS("too-many-subscriptions", "Too Many Subscriptions"),
    UNAVAILABLE("unavailable", "Service Unavailable"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported Media Type"),
    NOT_ACCEPTABLE("not-acceptable", "Not Acceptable"),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method Not Allowed"),
    NOT_FOUND("not-found", "Not Found"),
    HTTP_ERROR("http-error", "HTTP error"),
    INTERNAL_ERROR("internal-error", "Internal Server Error");

    private final String uri;
    private final String title;

    ProblemType(String slug, String title) {
        this.uri = "urn:sse-hub:problem:" + slug;
        this.title = title;
    }

    /** The stable URI of this kind of problem. */
    public String uri() {
        return uri;
    }

    /** A short summary of this kind of problem. */
    public String title() {
        return title;
    }
}
