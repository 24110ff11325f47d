package io.labelstream.ingest.streams;

import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.Rejection;

/**
 * Where a normalized item ends. A clean item travels with its JSON, already written once to check its size
 * against the output limit.
 */
sealed interface Outcome {

    record Clean(CleanItem item, byte[] json) implements Outcome {
    }

    record Duplicate(DuplicateItem item) implements Outcome {
    }

    record Rejected(Rejection rejection) implements Outcome {
    }
}
