package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A validated, normalized, de-duplicated item on {@code items.clean}, keyed by its content-derived {@code itemId}.
 * Text items carry {@code text}; image items carry {@code imagePng} (base64 PNG at the project's target size).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CleanItem(
        int schemaVersion,
        String itemId,
        String project,
        ItemKind kind,
        String text,
        String imagePng,
        Integer width,
        Integer height,
        Integer channels,
        String language,
        Fingerprints fingerprints,
        RawRef lineage,
        Map<String, String> metadata,
        Instant cleanedAt) {

    public static final int VERSION = 1;

    /** Content hash for exact duplicates, similarity hash (SimHash for text; for images the first 64 of the 256 bits of a DCT perceptual hash) for near ones. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fingerprints(String contentSha256, String similarityHash) {
    }
}
