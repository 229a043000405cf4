package dev.ssehub.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem document, the body of every error response of the HTTP API.
 *
 * @param type     URI naming the kind of problem
 * @param title    short summary of that kind
 * @param status   the HTTP status code
 * @param detail   what went wrong with this request and how to fix it
 * @param instance the request path
 * @param errors   one entry per invalid field, or {@code null} when not about fields
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "An RFC 9457 problem document.",
        requiredProperties = {"type", "title", "status", "detail"})
public record Problem(
        @Schema(description = "URI naming the kind of problem", example = "urn:sse-hub:problem:invalid-update")
        String type,
        @Schema(description = "Short summary of that kind", example = "Invalid update")
        String title,
        @Schema(description = "The HTTP status code", example = "400")
        int status,
        @Schema(description = "What went wrong with this request and how to fix it")
        String detail,
        @Schema(description = "The request path", example = "/.well-known/mercure")
        String instance,
        @Schema(description = "One entry per invalid field; absent when the problem is not about fields")
        List<FieldError> errors) {

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Longest {@code instance} written: the path comes from the client, and an answer stays small. */
    static final int MAX_INSTANCE_LENGTH = 256;

    /** The {@code instance} of a problem of a request to {@code path}: the path, cut to a bounded length. */
    public static String instance(String path) {
        if (path == null || path.length() <= MAX_INSTANCE_LENGTH) {
            return path;
        }
        return path.substring(0, MAX_INSTANCE_LENGTH) + "…";
    }

    /**
     * One invalid field.
     *
     * @param field  name of the field or parameter
     * @param detail what is wrong with it
     */
    @RegisterForReflection
    @Schema(name = "FieldError", description = "One invalid field.", requiredProperties = {"field", "detail"})
    public record FieldError(
            @Schema(description = "Name of the field or parameter", example = "user") String field,
            @Schema(description = "What is wrong with it") String detail) {
    }
}
