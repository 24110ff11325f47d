package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/** Live state of one training run on {@code training.progress}, keyed by project id; {@code reason} only when failed. */
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
        FailureReason reason,
        Instant occurredAt) {

    public static final int VERSION = 1;

    public enum Status {
        queued,
        running,
        succeeded,
        failed
    }

    /** Why a run failed, on its {@code failed} event; its message says more. */
    public enum FailureReason {
        /** The loss or a gradient turned non-finite; no model was made. */
        diverged,
        /** Its trainer stopped or lost its lease before the run ended. */
        interrupted,
        /** Anything else: data, storage, a bug; the run's error says what. */
        error
    }
}
