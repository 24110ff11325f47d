package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * An item as an upstream system produces it to {@code items.raw}. Text items carry their text in {@code content};
 * image items carry base64-encoded bytes in {@code content}. The {@code contentType} tells how to read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RawItem(
        int schemaVersion,
        String project,
        String sourceId,
        String sourceItemId,
        ItemKind kind,
        String contentType,
        String content,
        Map<String, String> metadata,
        Instant createdAt) {

    public static final int VERSION = 1;

    public static RawItem text(final String project, final String sourceId, final String contentType, final String text) {
        return new RawItem(VERSION, project, sourceId, null, ItemKind.text, contentType, text, Map.of(), null);
    }

    public static RawItem image(final String project, final String sourceId, final String contentType, final String base64) {
        return new RawItem(VERSION, project, sourceId, null, ItemKind.image, contentType, base64, Map.of(), null);
    }
}
