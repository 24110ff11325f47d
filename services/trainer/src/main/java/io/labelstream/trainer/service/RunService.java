package io.labelstream.trainer.service;

import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.service.errors.Refusal;
import io.labelstream.trainer.config.TrainerConfig;
import io.labelstream.trainer.domain.TrainingRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The life of a training run in the database: queued, running, then succeeded or failed, each its own commit.
 * Several trainers may share the database: a run belongs to the trainer that claimed it, under a lease that its
 * owner renews (see {@link RunLeaseKeeper}). Lease times are the database's clock, so trainers' clocks need not
 * agree.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);
    private static final String INTERRUPTED = "interrupted: its trainer stopped or lost its lease before the run ended";
    private static final int MAX_ERROR_LENGTH = 2000;
    private static final String EXPIRED = "SELECT * FROM training_run WHERE status IN ('queued', 'running')"
            + " AND (lease_until IS NULL OR lease_until < now())";

    private final TrainerInstance instance;
    private final Duration lease;

    public RunService(final TrainerInstance instance, final TrainerConfig config) {
        this.instance = instance;
        this.lease = config.runLease();
    }

    /**
     * Claims the project's next run for this trainer.
     *
     * @throws Refusal 409 when the project already has a queued or running run
     */
    @Transactional
    public TrainingRun create(final String project, final String trigger, final String datasetVersion) {
        return claim(instance.id(), project, trigger, datasetVersion);
    }

    /**
     * Claims the project's next run for the trainer {@code owner}. A run of the project whose lease ran out is
     * failed first, so a project whose trainer died does not wait for anyone's recovery pass. Two trainers claiming
     * at once meet at the partial unique index on active runs: exactly one wins.
     *
     * @throws Refusal 409 when the project already has a queued or running run under a live lease
     */
    @Transactional
    public TrainingRun claim(final String owner, final String project, final String trigger,
            final String datasetVersion) {
        failExpired(EXPIRED + " AND project = ?1", project);
        if (TrainingRun.activeFor(project)) {
            throw runInProgress(project);
        }
        final TrainingRun run = new TrainingRun();
        run.id = UUID.randomUUID().toString();
        run.project = project;
        run.status = TrainingRun.QUEUED;
        run.trigger = trigger;
        run.datasetVersion = datasetVersion;
        run.owner = owner;
        run.createdAt = Instant.now();
        run.leaseUntil = databaseNow().plus(lease);
        try {
            run.persist();
            TrainingRun.flush();
        } catch (final PersistenceException e) {
            // the partial unique index caught a run claimed concurrently
            throw runInProgress(project);
        }
        return run;
    }

    /** Whether the project has a queued or running run whose trainer still holds its lease. */
    @Transactional
    public boolean hasLiveRun(final String project) {
        return liveRunId(project).isPresent();
    }

    /** The project's queued or running run whose trainer still holds its lease. */
    @Transactional
    public Optional<String> liveRunId(final String project) {
        return TrainingRun.getEntityManager()
                .createNativeQuery("SELECT id FROM training_run WHERE project = ?1"
                        + " AND status IN ('queued', 'running') AND lease_until >= now()", String.class)
                .setParameter(1, project)
                .getResultList()
                .stream()
                .map(String.class::cast)
                .findFirst();
    }

    /** Marks this trainer's queued run running; empty when the run is no longer this trainer's to start. */
    @Transactional
    public Optional<TrainingRun> start(final String runId) {
        final TrainingRun run = TrainingRun.findById(runId, LockModeType.PESSIMISTIC_WRITE);
        if (run == null || !TrainingRun.QUEUED.equals(run.status) || !instance.id().equals(run.owner)) {
            return Optional.empty();
        }
        run.status = TrainingRun.RUNNING;
        run.startedAt = Instant.now();
        return Optional.of(run);
    }

    @Transactional
    public void fail(final String runId, final TrainingProgress.FailureReason reason, final String error) {
        final TrainingRun run = TrainingRun.findById(runId);
        if (run != null && !TrainingRun.SUCCEEDED.equals(run.status)) {
            run.status = TrainingRun.FAILED;
            run.failureReason = reason;
            run.error = error == null ? "unknown error"
                    : error.substring(0, Math.min(error.length(), MAX_ERROR_LENGTH));
            run.finishedAt = Instant.now();
        }
    }

    /** Extends the leases of {@code owner}'s queued and running runs; returns how many it renewed. */
    @Transactional
    public int renewLeases(final String owner) {
        return TrainingRun.getEntityManager()
                .createNativeQuery("UPDATE training_run SET lease_until = now() + make_interval(secs => ?1)"
                        + " WHERE owner = ?2 AND status IN ('queued', 'running')")
                .setParameter(1, lease.toMillis() / 1000.0)
                .setParameter(2, owner)
                .executeUpdate();
    }

    /**
     * Fails every queued or running run whose lease ran out: its trainer died or stopped, and a run is never resumed
     * or registered by anyone else. Runs that another trainer is failing or renewing at this moment are skipped.
     */
    @Transactional
    public List<TrainingRun> failExpiredRuns() {
        return failExpired(EXPIRED);
    }

    /** Gives up this trainer's queued and running runs at shutdown, so their projects need not wait for the lease. */
    @Transactional
    public void releaseOwnRuns() {
        TrainingRun.<TrainingRun>list("owner = ?1 and status in (?2, ?3)", instance.id(), TrainingRun.QUEUED,
                TrainingRun.RUNNING).forEach(run -> interrupt(run, "stopped"));
    }

    @Transactional
    public Instant lastRunCreatedAt(final String project) {
        return lastRun(project).map(run -> run.createdAt).orElse(Instant.EPOCH);
    }

    /**
     * When the project's latest run that took its labels was created: a run interrupted before it ended (its trainer
     * stopped) trained on nothing, so labels it had snapshotted still count as new.
     */
    @Transactional
    public Instant lastTrainingRunCreatedAt(final String project) {
        final Instant last = TrainingRun.getEntityManager()
                .createQuery("select max(r.createdAt) from TrainingRun r where r.project = ?1"
                        + " and (r.failureReason is null or r.failureReason <> ?2)", Instant.class)
                .setParameter(1, project)
                .setParameter(2, TrainingProgress.FailureReason.interrupted)
                .getSingleResult();
        return last == null ? Instant.EPOCH : last;
    }

    /** The project's most recently created run, whatever its status. */
    @Transactional
    public Optional<TrainingRun> lastRun(final String project) {
        return TrainingRun.<TrainingRun>find("project = ?1 order by createdAt desc", project).firstResultOptional();
    }

    @SuppressWarnings("unchecked")
    private List<TrainingRun> failExpired(final String select, final Object... parameters) {
        final var query = TrainingRun.getEntityManager()
                .createNativeQuery(select + " FOR UPDATE SKIP LOCKED", TrainingRun.class);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        final List<TrainingRun> expired = query.getResultList();
        expired.forEach(run -> interrupt(run, "lost its lease"));
        return expired;
    }

    private static void interrupt(final TrainingRun run, final String why) {
        run.status = TrainingRun.FAILED;
        run.failureReason = TrainingProgress.FailureReason.interrupted;
        run.error = INTERRUPTED;
        run.finishedAt = Instant.now();
        LOG.warnf("Run %s of project %s (trainer %s) %s and is marked failed", run.id, run.project, run.owner, why);
    }

    private static Instant databaseNow() {
        final Number epochSeconds = (Number) TrainingRun.getEntityManager()
                .createNativeQuery("SELECT extract(epoch FROM now())").getSingleResult();
        return Instant.ofEpochMilli(Math.round(epochSeconds.doubleValue() * 1000));
    }

    private static Refusal runInProgress(final String project) {
        return Refusal.conflict("run-in-progress", "project " + project + " already has a run");
    }
}
