package dev.ssehub.problem;

import java.util.Map;

/**
 * A refused request, carrying the problem document to answer with. Thrown by resources and mapped
 * to an {@code application/problem+json} response.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final int status;
    private final Map<String, String> headers;

    /**
     * @param type    kind of problem
     * @param status  HTTP status
     * @param detail  what to change, for a person
     * @param headers extra response headers (e.g. {@code WWW-Authenticate}), never {@code null}
     */
    public ProblemException(ProblemType type, int status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
        headers.forEach(ProblemException::requireHeaderValue);
        this.headers = Map.copyOf(headers);
    }

    // A header value carrying client text (a claim, an id) could end the header and start another,
    // or make the response fail to write and the request hang: only visible ASCII and spaces pass.
    private static void requireHeaderValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7F) {
                throw new IllegalArgumentException("header " + name + " would carry U+"
                        + String.format("%04X", (int) c) + " at index " + i + "; build it from the server's own text");
            }
        }
    }

    /** A problem without extra headers. */
    public ProblemException(ProblemType type, int status, String detail) {
        this(type, status, detail, Map.of());
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return status;
    }

    /** What to change, for a person. */
    public String detail() {
        return getMessage();
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The problem document for a request to {@code path}. */
    public Problem toProblem(String path) {
        return new Problem(type.uri(), type.title(), status, detail(), Problem.instance(path), null);
    }
}
