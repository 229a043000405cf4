package dev.ssehub.demo;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Data of a {@code user_joined} or {@code user_left} event.
 *
 * @param user who joined or left
 * @param at   when the server accepted it
 */
@RegisterForReflection
public record UserJoined(String user, Instant at) {
}
