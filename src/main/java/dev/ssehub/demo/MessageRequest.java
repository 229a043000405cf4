package dev.ssehub.demo;

/**
 * Body of {@code POST /sse/messages}.
 *
 * @param user sender, see {@link UserName}
 * @param text the message, see {@link ChatText}
 */
public record MessageRequest(@UserName String user, @ChatText String text) {
}
