package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A raw item found to repeat an earlier clean item, on {@code items.duplicates}, keyed by {@code canonicalItemId}
 * so that it lands in the canonical item's partition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DuplicateItem(
        int schemaVersion,
        String itemId,
        String canonicalItemId,
        String project,
        Match match,
        int distance,
        RawRef lineage,
        Instant detectedAt) {

    public static final int VERSION = 1;

    public enum Match {
        exact,
        near
    }
}
