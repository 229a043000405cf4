package dev.ssehub.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /sse/users}.
 *
 * @param user display name: 1 to 32 characters, not blank, no control characters or line breaks
 */
public record JoinRequest(
        @NotNull(message = ChatRules.USER_REQUIRED)
        @Pattern(regexp = ChatRules.USER_PATTERN, message = ChatRules.USER_INVALID)
        String user) {
}
