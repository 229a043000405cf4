package dev.ssehub.demo;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A chat message text: 1 to 2000 code points, at least one not whitespace, no unpaired surrogate
 * (it could not be sent as UTF-8). Line breaks and any other Unicode are allowed.
 */
@Documented
@Constraint(validatedBy = {})
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@NotNull(message = "text is required, e.g. {\"user\":\"ada\",\"text\":\"hi\"}")
@Pattern(regexp = "(?sU)(?=.*\\S)[^\\uD800-\\uDFFF]{1,2000}",
        message = "text must be 1 to 2000 characters of valid Unicode and not only spaces")
public @interface ChatText {

    /** Unused: each composing constraint reports its own message. */
    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
