package io.labelstream.ingest.rest;

import io.labelstream.ingest.service.ItemResult;
import java.util.List;

/** The answer to a request with at least one accepted item: counts and one verdict per item, in order. */
public record IngestResponse(int accepted, int rejected, List<ItemResult> results) {

    static IngestResponse of(final List<ItemResult> results) {
        final int accepted = (int) results.stream().filter(r -> r.status() == ItemResult.Status.accepted).count();
        return new IngestResponse(accepted, results.size() - accepted, results);
    }
}
