package io.labelstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Validates JSON documents against the published event schemas (JSON Schema 2020-12). */
public final class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The schema of one version of an event, or empty when that version was never published. */
    public static Optional<JsonSchema> schema(final EventType type, final int version) {
        final String resource = type.schemaResource(version);
        if (EventSchemas.class.getClassLoader().getResource(resource) == null) {
            return Optional.empty();
        }
        return Optional.of(CACHE.computeIfAbsent(resource, EventSchemas::load));
    }

    /** Validation errors of {@code document} against the given version, empty when it is valid. */
    public static List<String> validate(final EventType type, final int version, final JsonNode document) {
        final JsonSchema schema = schema(type, version)
                .orElseThrow(() -> new IllegalArgumentException(type + " has no schema version " + version));
        return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load(final String resource) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            return FACTORY.getSchema(in);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
