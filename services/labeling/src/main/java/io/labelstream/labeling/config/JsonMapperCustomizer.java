package io.labelstream.labeling.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.labelstream.schemas.json.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The HTTP API writes JSON exactly as the events do: one mapper configuration for the platform. Request bodies also
 * refuse NUL characters, which the database cannot store.
 */
@Singleton
public class JsonMapperCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(final ObjectMapper mapper) {
        Json.configure(mapper);
        mapper.registerModule(new NulFreeStrings());
    }
}
