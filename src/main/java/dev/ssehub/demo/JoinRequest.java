package dev.ssehub.demo;

/**
 * Body of {@code POST /sse/users}.
 *
 * @param user display name, see {@link UserName}
 */
public record JoinRequest(@UserName String user) {
}
