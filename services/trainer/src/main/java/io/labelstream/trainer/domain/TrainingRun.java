package io.labelstream.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import io.labelstream.schemas.events.TrainingProgress;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One training run of a project: queued, running, then succeeded (a model registered) or failed (none). */
@Entity
@Table(name = "training_run")
public class TrainingRun extends PanacheEntityBase {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @Id
    public String id;

    public String project;

    public String status;

    public String trigger;

    @Column(name = "dataset_version")
    public String datasetVersion;

    @Column(name = "model_version")
    public String modelVersion;

    public String error;

    /** Set when the run failed. */
    @Enumerated(EnumType.STRING)
    @Column(name = "failure_reason")
    public TrainingProgress.FailureReason failureReason;

    /** The trainer instance that claimed the run; only it starts, renews and finishes the run. */
    public String owner;

    /** Database time until which the run stays claimed without a renewal by its owner. */
    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public static boolean activeFor(final String project) {
        return count("project = ?1 and status in (?2, ?3)", project, QUEUED, RUNNING) > 0;
    }
}
