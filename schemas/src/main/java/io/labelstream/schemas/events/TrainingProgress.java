package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/** Live state of one training run on {@code training.progress}, keyed by project id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingProgress(
        int schemaVersion,
        String runId,
        String project,
        Status status,
        Integer epoch,
        Integer epochs,
        Integer batch,
        Integer batches,
        Double loss,
        Map<String, Double> metrics,
        Double etaSeconds,
        String message,
        Instant occurredAt) {

    public static final int VERSION = 1;

    public enum Status {
        queued,
        running,
        succeeded,
        failed
    }
}
