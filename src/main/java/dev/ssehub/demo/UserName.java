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
 * A chat user name: 1 to 32 code points (an emoji is one), at least one not whitespace, no control
 * character, line or paragraph separator, or unpaired surrogate.
 */
@Documented
@Constraint(validatedBy = {})
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@NotNull(message = "user is required, e.g. {\"user\":\"ada\"}")
@Pattern(regexp = "(?U)(?=.*\\S)[^\\p{Cc}\\p{Zl}\\p{Zp}\\uD800-\\uDFFF]{1,32}",
        message = "user must be 1 to 32 characters of valid Unicode, not only spaces, "
                + "without control characters or line breaks")
public @interface UserName {

    /** Unused: each composing constraint reports its own message. */
    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
