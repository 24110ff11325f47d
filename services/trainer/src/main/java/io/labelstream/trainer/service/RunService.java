package io.labelstream.trainer.service;

import io.labelstream.trainer.domain.TrainingRun;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** The life of a training run in the database: queued, running, then succeeded or failed, each its own commit. */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);
    static final String INTERRUPTED = "interrupted: the trainer stopped while the run was queued or running";
    private static final int MAX_ERROR_LENGTH = 2000;

    /** @throws ProblemException 409 when the project already has a queued or running run */
    @Transactional
    public TrainingRun create(final String project, final String trigger, final String datasetVersion) {
        if (TrainingRun.activeFor(project)) {
            throw ProblemException.conflict("run-in-progress", "project " + project + " already has a run");
        }
        final TrainingRun run = new TrainingRun();
        run.id = UUID.randomUUID().toString();
        run.project = project;
        run.status = TrainingRun.QUEUED;
        run.trigger = trigger;
        run.datasetVersion = datasetVersion;
        run.createdAt = Instant.now();
        try {
            run.persist();
            TrainingRun.flush();
        } catch (final PersistenceException e) {
            // the partial unique index caught a run created concurrently
            throw ProblemException.conflict("run-in-progress", "project " + project + " already has a run");
        }
        return run;
    }

    @Transactional
    public TrainingRun start(final String runId) {
        final TrainingRun run = TrainingRun.findById(runId);
        run.status = TrainingRun.RUNNING;
        run.startedAt = Instant.now();
        return run;
    }

    @Transactional
    public void fail(final String runId, final String error) {
        final TrainingRun run = TrainingRun.findById(runId);
        if (run != null && !TrainingRun.SUCCEEDED.equals(run.status)) {
            run.status = TrainingRun.FAILED;
            run.error = error == null ? "unknown error"
                    : error.substring(0, Math.min(error.length(), MAX_ERROR_LENGTH));
            run.finishedAt = Instant.now();
        }
    }

    /**
     * Runs left queued or running by a previous process died with it: they are failed, never resumed, and never
     * registered. Runs before the topic follower starts, so no new run can be mistaken for an old one.
     */
    @Transactional
    public void failInterruptedRuns(@Observes @Priority(1) final StartupEvent event) {
        final List<TrainingRun> interrupted =
                TrainingRun.list("status in (?1, ?2)", TrainingRun.QUEUED, TrainingRun.RUNNING);
        for (final TrainingRun run : interrupted) {
            run.status = TrainingRun.FAILED;
            run.error = INTERRUPTED;
            run.finishedAt = Instant.now();
            LOG.warnf("Run %s of project %s was interrupted by a restart and is marked failed", run.id, run.project);
        }
    }

    @Transactional
    public Instant lastRunCreatedAt(final String project) {
        final Instant last = TrainingRun.getEntityManager()
                .createQuery("select max(r.createdAt) from TrainingRun r where r.project = ?1", Instant.class)
                .setParameter(1, project)
                .getSingleResult();
        return last == null ? Instant.EPOCH : last;
    }
}
