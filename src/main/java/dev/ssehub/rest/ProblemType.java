package dev.ssehub.rest;

/** The kinds of problem the API reports, each with a stable type URI and title. */
enum ProblemType {

    INVALID_REQUEST("invalid-request", "Invalid request"),
    MALFORMED_JSON("malformed-json", "Malformed JSON body"),
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

    String uri() {
        return uri;
    }

    String title() {
        return title;
    }
}
