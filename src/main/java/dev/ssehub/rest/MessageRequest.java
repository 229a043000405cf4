package dev.ssehub.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /sse/messages}.
 *
 * @param user sender, with the same rules as {@link JoinRequest#user()}
 * @param text 1 to 2000 characters, not blank; line breaks and any Unicode allowed
 */
public record MessageRequest(
        @NotNull(message = ChatRules.USER_REQUIRED)
        @Pattern(regexp = ChatRules.USER_PATTERN, message = ChatRules.USER_INVALID)
        String user,
        @NotNull(message = ChatRules.TEXT_REQUIRED)
        @Pattern(regexp = ChatRules.TEXT_PATTERN, message = ChatRules.TEXT_INVALID)
        String text) {
}
