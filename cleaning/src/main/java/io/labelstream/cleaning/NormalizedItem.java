package io.labelstream.cleaning;

import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.RawRef;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * An item that passed validation, normalization and its project's filters, waiting for de-duplication. The item
 * id is derived from the project and the content hash, so equal content gets the same id wherever it comes from.
 */
public record NormalizedItem(
        String itemId,
        String project,
        ItemKind kind,
        String text,
        String imagePng,
        Integer width,
        Integer height,
        Integer channels,
        String language,
        String contentSha256,
        SimilarityHash similarityHash,
        RawRef lineage,
        Map<String, String> metadata) {

    /**
     * The item as it is published on {@code items.clean}, with the first word of its similarity hash as 16 hex
     * digits: all of a text's SimHash, the 8x8 lowest frequencies of an image's perceptual hash.
     */
    public CleanItem toCleanItem(final Instant cleanedAt) {
        return new CleanItem(CleanItem.VERSION, itemId, project, kind, text, imagePng, width, height, channels,
                language, new CleanItem.Fingerprints(contentSha256, HexFormat.of().toHexDigits(similarityHash.word(0))),
                lineage, metadata, cleanedAt);
    }
}
