package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * Live state of one training run on {@code training.progress}, keyed by project id; {@code reason} only when failed.
 * The same topic carries the trainer's scheduling decisions: a run {@code queued} (with its {@code trigger}), a
 * trigger {@code coalesced} into the follow-up of the run that holds the project ({@code runId}), or {@code skipped}
 * with the reason in {@code message} ({@code runId}: the run that already answered it, absent when none did).
 * Consumers skip statuses they do not know.
 */
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
        String trigger,
        Instant occurredAt) {

    public static final int VERSION = 1;

    public enum Status {
        queued,
        running,
        succeeded,
        failed,
        /** A trigger that came while {@code runId} held the project; one follow-up run answers it when that run ends. */
        coalesced,
        /** A trigger that starts no run; {@code message} says why. */
        skipped;

        /** A decision about a trigger rather than the state of a run. */
        public boolean isSchedulingDecision() {
            return this == coalesced || this == skipped;
        }
    }

    /** A scheduling decision of {@code trigger} for the project; see {@link Status#coalesced} and {@link Status#skipped}. */
    public static TrainingProgress decision(final String project, final Status status, final String runId,
            final String trigger, final String message, final Instant occurredAt) {
        if (!status.isSchedulingDecision()) {
            throw new IllegalArgumentException(status + " is the state of a run, not a scheduling decision");
        }
        return new TrainingProgress(VERSION, runId, project, status, null, null, null, null, null, null, null, message,
                null, trigger, occurredAt);
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
