package dev.ssehub.app;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON bodies are read strictly: a field given twice is malformed JSON (400), not a value that
 * silently wins over the other, nor a failure of the record it maps to (which Jackson reports as a
 * server-side definition error).
 */
@Singleton
class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
