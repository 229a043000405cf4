package dev.ssehub.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonParser;

/**
 * Checks a Kubernetes object against Kubernetes' OpenAPI schemas, through the models of the official
 * Kubernetes Java client ({@code io.kubernetes:client-java-api}), which are generated from them. Each
 * model's {@code validateJsonElement} refuses a field its schema does not have, a missing required
 * field, and a list where an object belongs or the reverse, all the way down. It does not check
 * scalar types (a string where a number belongs): {@link Manifests} reads the same objects into
 * fabric8's typed model, which does.
 */
final class OpenApiSchemas {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    private OpenApiSchemas() {
    }

    /** What the schema of the object's kind finds wrong with it, or nothing. */
    static Optional<String> problem(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        // apps/v1 Deployment is V1Deployment, policy/v1 PodDisruptionBudget is V1PodDisruptionBudget.
        String model = MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
        Method validate;
        try {
            validate = Class.forName(model).getMethod("validateJsonElement", com.google.gson.JsonElement.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return Optional.of("no OpenAPI schema for " + apiVersion + " " + kind);
        }
        try {
            validate.invoke(null, JsonParser.parseString(object.toString()));
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
