package io.labelstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.schemas.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

final class SchemaFiles {

    private SchemaFiles() {
    }

    static JsonNode current(final EventType type) {
        return read(type.schemaResource(type.currentVersion()));
    }

    static JsonNode published(final EventType type, final int version) {
        return read("published/" + type.schemaResource(version));
    }

    static boolean isPublished(final EventType type, final int version) {
        return SchemaFiles.class.getClassLoader().getResource("published/" + type.schemaResource(version)) != null;
    }

    private static JsonNode read(final String resource) {
        try (InputStream in = SchemaFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return Json.MAPPER.readTree(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
