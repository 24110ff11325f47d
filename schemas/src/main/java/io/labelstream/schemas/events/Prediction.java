package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The champion model's prediction for one clean item, on {@code predictions}, keyed by item id. {@code route} tells
 * where the item went in the same transaction; {@code latencyMs} is the time the item spent in inference (batching
 * wait and forward pass). {@code qaSample} is true for an item of the project's random QA sample: chosen by a hash of
 * its id, independently of the model's confidence, and always labeled by humans, so that the human labels of the
 * sample measure the model's accuracy on all items without bias. Absent (false) in predictions made before the field
 * existed and in predictions served over HTTP.
 */
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
        Instant predictedAt,
        Route route,
        Boolean qaSample) {

    public static final int VERSION = 1;

    public boolean inQaSample() {
        return Boolean.TRUE.equals(qaSample) || route == Route.qa_sample;
    }

    /**
     * The routing decision taken with the prediction: an automatic label, an automatic label that humans also check
     * (the QA sample that measures auto-label precision), or human labeling only.
     */
    public enum Route {
        auto_label,
        qa_sample,
        human
    }
}
