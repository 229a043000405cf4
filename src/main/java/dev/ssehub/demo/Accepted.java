package dev.ssehub.demo;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Answer to an accepted publish: which event it became.
 *
 * @param id    the event's id, as subscribers see it
 * @param event the event's name
 */
@RegisterForReflection
public record Accepted(String id, String event) {
}
