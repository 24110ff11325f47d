package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A request for human labels on {@code tasks.labeling}, keyed by item id. {@code taskId} is deterministic, so a
 * replayed task is recognised as the same one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelingTask(
        int schemaVersion,
        String taskId,
        String itemId,
        String project,
        ItemKind kind,
        Reason reason,
        double priority,
        String text,
        String imagePng,
        Prediction prediction,
        RawRef lineage,
        Instant createdAt) {

    public static final int VERSION = 1;

    public LabelingTask withPrediction(final Prediction newPrediction) {
        return new LabelingTask(schemaVersion, taskId, itemId, project, kind, reason, priority, text, imagePng,
                newPrediction, lineage, createdAt);
    }

    /** Why the item goes to humans. */
    public enum Reason {
        uncertain,
        qa_sample,
        cold_start,
        manual
    }
}
