package dev.ssehub.problem;

import java.util.List;

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
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors) {

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One invalid field.
     *
     * @param field  name of the field or parameter
     * @param detail what is wrong with it
     */
    @RegisterForReflection
    public record FieldError(String field, String detail) {
    }
}
