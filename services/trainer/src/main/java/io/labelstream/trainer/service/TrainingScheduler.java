package io.labelstream.trainer.service;

import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.service.errors.Refusal;
import io.labelstream.trainer.config.TrainerConfig;
import io.labelstream.trainer.domain.DatasetVersion;
import io.labelstream.trainer.domain.StoredLabel;
import io.labelstream.trainer.domain.TrainerProject;
import io.labelstream.trainer.domain.TrainingRun;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Decides when a project trains: every N new labels (the project's {@code retrainEveryLabels}), on the configured
 * schedule, on a retrain request from {@code models}, or on an admin request. A run snapshots its dataset version
 * when it is queued; the database allows one queued or running run per project, across all trainers that share it.
 *
 * <p>A retrain request that comes while a run holds the project waits in the project's record; when that run ends
 * (seen at the end of this trainer's runs and on the timer), one follow-up run answers every request of that time.
 *
 * <p>The new-labels watermark counts only labels that the next dataset would take (human labels only, unless the
 * project trains on auto-labels). It is checked on every label, at the end of every run (labels that came during a
 * run are not left waiting for the next label) and on a timer ({@code watermark-check}).
 *
 * <p>Every decision is published on {@code training.progress}: a run {@code queued} with its trigger, a trigger
 * {@code coalesced} into the follow-up of the run that holds the project, or {@code skipped} with the reason. The
 * watermark and the timer ask the same question again and again while the answer stays the same, so a decision
 * equal to the previous one of the same project and trigger is not published again.
 */
@ApplicationScoped
public class TrainingScheduler {

    private static final Logger LOG = Logger.getLogger(TrainingScheduler.class);

    public static final String TRIGGER_ADMIN = "admin";
    public static final String TRIGGER_LABELS = "labels";
    public static final String TRIGGER_SCHEDULE = "schedule";
    public static final String TRIGGER_RETRAIN_REQUEST = "retrain-request";

    private final DatasetService datasets;
    private final RunService runs;
    private final TrainingJob job;
    private final EventPublisher events;
    private final TrainerConfig config;
    private final ExecutorService runners;
    /** Per project and trigger, the latest decision published; a queued run starts the project afresh. */
    private final Map<String, Map<String, String>> lastDecisions = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public TrainingScheduler(final DatasetService datasets, final RunService runs, final TrainingJob job,
            final EventPublisher events, final TrainerConfig config) {
        this.datasets = datasets;
        this.runs = runs;
        this.job = job;
        this.events = events;
        this.config = config;
        final AtomicInteger threads = new AtomicInteger();
        this.runners = Executors.newFixedThreadPool(Math.max(1, config.concurrentRuns()), runnable -> {
            final Thread thread = new Thread(runnable, "training-run-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Snapshots the dataset and queues a run.
     *
     * @throws Refusal 404 for an unknown project, 409 when a run is active, 422 when the labels cannot train
     *     a model (empty, one class, too small)
     */
    public TrainingRun requestRun(final String project, final String trigger) {
        if (runs.hasLiveRun(project)) {
            throw Refusal.conflict("run-in-progress", "project " + project + " already has a run");
        }
        final DatasetVersion dataset = datasets.snapshot(project);
        final TrainingRun run = runs.create(project, trigger, dataset.id);
        lastDecisions.remove(project);
        events.publish(new TrainingProgress(TrainingProgress.VERSION, run.id, project, TrainingProgress.Status.queued,
                null, null, null, null, null, null, null, "queued by " + trigger + " on " + dataset.id,
                null, trigger, Instant.now()));
        runners.submit(() -> {
            try {
                job.run(run.id);
            } finally {
                startPendingRetrain(project);
                onNewLabels(project);
            }
        });
        LOG.infof("Queued run %s of project %s (%s) on dataset %s", run.id, project, trigger, dataset.id);
        return run;
    }

    public void onNewLabels(final String project) {
        final Project.TrainingPolicy policy = QuarkusTransaction.requiringNew().call(() -> {
            final TrainerProject stored = TrainerProject.findById(project);
            return stored == null ? null : stored.project().training();
        });
        if (policy == null || policy.retrainEveryLabels() <= 0) {
            return;
        }
        if (trainingLabelsSinceLastRun(project, policy.trainOnAutoLabels()) >= policy.retrainEveryLabels()) {
            tryRun(project, TRIGGER_LABELS);
        }
    }

    /**
     * A request older than the project's latest run is already answered by it (e.g. replayed after a restart). One
     * that comes while a run holds the project waits for it to end; the requests of that time share one follow-up run.
     */
    public void onRetrainRequest(final String project, final String reason, final Instant requestedAt) {
        final Optional<TrainingRun> last = runs.lastRun(project);
        if (requestedAt != null && last.isPresent() && !last.get().createdAt.isBefore(requestedAt)) {
            decide(project, TrainingProgress.Status.skipped, last.get().id, TRIGGER_RETRAIN_REQUEST,
                    "retrain request of " + requestedAt + " (" + reason + ") was already answered by run "
                            + last.get().id);
            return;
        }
        LOG.infof("Retrain requested for project %s: %s", project, reason);
        final Optional<String> live = runs.liveRunId(project);
        if (live.isPresent()) {
            awaitFollowUp(project, reason, requestedAt, live.get());
            return;
        }
        try {
            requestRun(project, TRIGGER_RETRAIN_REQUEST);
        } catch (final Refusal e) {
            runs.liveRunId(project).ifPresentOrElse(
                    run -> awaitFollowUp(project, reason, requestedAt, run),
                    () -> skip(project, TRIGGER_RETRAIN_REQUEST, e));
        }
    }

    private void awaitFollowUp(final String project, final String reason, final Instant requestedAt,
            final String liveRun) {
        final Instant since = requestedAt != null ? requestedAt : Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            final TrainerProject stored = TrainerProject.findById(project);
            if (stored != null && stored.retrainPendingSince == null) {
                stored.retrainPendingSince = since;
                stored.retrainPendingReason = reason;
            }
        });
        decide(project, TrainingProgress.Status.coalesced, liveRun, TRIGGER_RETRAIN_REQUEST,
                "retrain request of " + since + " (" + reason + ") waits for the follow-up run after run " + liveRun);
    }

    /** Starts the follow-up run of the project's waiting retrain requests once no run holds the project. */
    private void startPendingRetrain(final String project) {
        if (runs.hasLiveRun(project)) {
            return;
        }
        final Optional<TrainingRun> last = runs.lastRun(project);
        final PendingRetrain pending = QuarkusTransaction.requiringNew().call(() -> {
            final TrainerProject stored = TrainerProject.findById(project);
            if (stored == null || stored.retrainPendingSince == null) {
                return null;
            }
            final PendingRetrain taken = new PendingRetrain(stored.retrainPendingSince, stored.retrainPendingReason);
            stored.retrainPendingSince = null;
            stored.retrainPendingReason = null;
            return taken;
        });
        if (pending == null) {
            return;
        }
        if (last.isPresent() && !last.get().createdAt.isBefore(pending.since())) {
            decide(project, TrainingProgress.Status.skipped, last.get().id, TRIGGER_RETRAIN_REQUEST,
                    "the retrain requests since " + pending.since() + " were answered by run " + last.get().id);
            return;
        }
        LOG.infof("Follow-up run of project %s for the retrain requests since %s: %s", project, pending.since(),
                pending.reason());
        tryRun(project, TRIGGER_RETRAIN_REQUEST);
    }

    private record PendingRetrain(Instant since, String reason) {
    }

    void startTimers(@Observes final StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "training-schedule");
            thread.setDaemon(true);
            return thread;
        });
        final long watermarkMillis = config.watermarkCheck().toMillis();
        timer.scheduleWithFixedDelay(this::checkWatermarks, watermarkMillis, watermarkMillis, TimeUnit.MILLISECONDS);
        config.schedule().ifPresent(interval -> timer.scheduleAtFixedRate(this::scheduledRuns, interval.toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS));
    }

    void stop(@Observes final ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        runners.shutdownNow();
    }

    private void scheduledRuns() {
        for (final TrainerProject project : projects()) {
            final Project.TrainingPolicy policy = project.project().training();
            if (trainingLabelsSinceLastRun(project.id, policy != null && policy.trainOnAutoLabels()) > 0) {
                tryRun(project.id, TRIGGER_SCHEDULE);
            }
        }
    }

    private void checkWatermarks() {
        try {
            projects().forEach(project -> {
                startPendingRetrain(project.id);
                onNewLabels(project.id);
            });
        } catch (final RuntimeException e) {
            LOG.warnf(e, "Could not check the projects' waiting retrain requests and new-labels watermarks");
        }
    }

    private static List<TrainerProject> projects() {
        // a lambda, not a method reference: Panache enhances the entity's static methods, not PanacheEntityBase's
        return QuarkusTransaction.requiringNew().call(() -> TrainerProject.<TrainerProject>listAll());
    }

    /**
     * Labels received since the project's last run that its next dataset would take: their item content has arrived,
     * and they are human labels unless the project trains on auto-labels. A run interrupted by a stopping trainer
     * trained on nothing and does not count.
     */
    private long trainingLabelsSinceLastRun(final String project, final boolean withAutoLabels) {
        final Instant since = runs.lastTrainingRunCreatedAt(project);
        return QuarkusTransaction.requiringNew().call(() -> ((Number) StoredLabel.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM label l JOIN item i ON i.item_id = l.item_id"
                        + " WHERE l.project = ?1 AND l.received_at > ?2 AND (?3 OR l.source = ?4)")
                .setParameter(1, project)
                .setParameter(2, since)
                .setParameter(3, withAutoLabels)
                .setParameter(4, Label.Source.human.name())
                .getSingleResult()).longValue());
    }

    private void tryRun(final String project, final String trigger) {
        try {
            requestRun(project, trigger);
        } catch (final Refusal e) {
            runs.liveRunId(project).ifPresentOrElse(run -> whileRunning(project, trigger, run),
                    () -> skip(project, trigger, e));
        } catch (final RuntimeException e) {
            LOG.warnf(e, "Could not start a %s run for project %s", trigger, project);
        }
    }

    /** The watermark is checked again when the run ends; the schedule waits for its next turn. */
    private void whileRunning(final String project, final String trigger, final String liveRun) {
        if (TRIGGER_LABELS.equals(trigger)) {
            decide(project, TrainingProgress.Status.coalesced, liveRun, trigger,
                    "the new-labels watermark is reached; checked again when run " + liveRun + " ends");
        } else {
            decide(project, TrainingProgress.Status.skipped, liveRun, trigger,
                    "run " + liveRun + " holds the project");
        }
    }

    private void skip(final String project, final String trigger, final Refusal why) {
        decide(project, TrainingProgress.Status.skipped, null, trigger, why.title() + ": " + why.getMessage());
    }

    private void decide(final String project, final TrainingProgress.Status decision, final String runId,
            final String trigger, final String message) {
        final String key = decision + "|" + runId + "|" + message;
        if (key.equals(lastDecisions.computeIfAbsent(project, name -> new ConcurrentHashMap<>()).put(trigger, key))) {
            return;
        }
        LOG.infof("Project %s: %s %s (%s)", project, trigger, decision, message);
        events.publish(TrainingProgress.decision(project, decision, runId, trigger, message, Instant.now()));
    }
}
