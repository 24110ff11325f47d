package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The champion model's prediction for one clean item, on {@code predictions}, keyed by item id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(
        int schemaVersion,
        String itemId,
        String project,
        String modelVersion,
        String label,
        List<ScoredLabel> probabilities,
        List<ScoredLabel> topK,
        Uncertainty uncertainty,
        double latencyMs,
        RawRef lineage,
        Instant predictedAt) {

    public static final int VERSION = 1;
}
