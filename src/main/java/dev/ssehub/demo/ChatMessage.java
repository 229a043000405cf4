package dev.ssehub.demo;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Data of a {@code message} event.
 *
 * @param user who sent it
 * @param text the message exactly as received; may span several lines
 * @param at   when the server accepted it
 */
@RegisterForReflection
public record ChatMessage(String user, String text, Instant at) {
}
