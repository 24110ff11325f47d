package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a record came from in {@code items.raw}: the start of every item's lineage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RawRef(String topic, int partition, long offset, String sourceId, String sourceItemId) {
}
