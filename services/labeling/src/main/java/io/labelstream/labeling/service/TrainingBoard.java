package io.labelstream.labeling.service;

import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.TrainingProgress;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operators' dashboard shows of training and of the model registry, folded from the {@code models} and
 * {@code training.progress} topics. Every instance folds the whole topics itself, so it needs no shared state.
 */
@ApplicationScoped
public class TrainingBoard {

    private static final int MAX_EPOCH_POINTS = 1_000;
    private static final int MAX_DECISIONS = 10;
    private static final RunState NO_RUN = new RunState(null, null, null, null, null, null, null, null, null, null,
            null, List.of());

    private final Map<String, ProjectBoard> projects = new ConcurrentHashMap<>();

    /** {@code promotion} is the latest decision on the version, null until one is made. */
    public record ModelEntry(String version, String architecture, String datasetVersion, Map<String, Double> metrics,
            Instant registeredAt, Promotion promotion) {

        ModelEntry decided(final Promotion decision) {
            return new ModelEntry(version, architecture, datasetVersion, metrics, registeredAt, decision);
        }
    }

    /**
     * Whether a version was made champion and why: the trainer's promotion check (with both scores on the same
     * test split in {@code check}) or an operator (reason only).
     */
    public record Promotion(boolean promoted, String reason, ModelEvent.PromotionCheck check) {
    }

    /**
     * One finished epoch of a run. With a hyperparameter search, the trials' epochs follow each other: {@code trial}
     * counts them from 1 (a trial starts again at its first epoch), and {@code index} runs over all of them.
     */
    public record EpochPoint(int index, int trial, int epoch, Double trainLoss, Double validationLoss,
            Double validationAccuracy) {
    }

    public record RunState(String runId, TrainingProgress.Status status, Integer epoch, Integer epochs, Integer batch,
            Integer batches, Double loss, Double etaSeconds, String message, TrainingProgress.FailureReason reason,
            Instant updatedAt, List<EpochPoint> epochPoints) {
    }

    /** What the trainer did with a trigger: queued a run, coalesced it into a follow-up run, or skipped it. */
    public record Decision(TrainingProgress.Status decision, String trigger, String runId, String message,
            Instant at) {
    }

    /** {@code decisions}: the latest scheduling decisions, newest first. */
    public record Snapshot(List<ModelEntry> models, String champion, String lastChange, Instant lastRetrainRequest,
            String lastRetrainReason, RunState latestRun, List<Decision> decisions) {
    }

    public void apply(final ModelEvent event) {
        board(event.project()).apply(event);
    }

    public void apply(final TrainingProgress progress) {
        board(progress.project()).apply(progress);
    }

    /** Forgets everything, before the topics are folded again from their beginning. */
    public void clear() {
        projects.clear();
    }

    /** The projects the board has seen events of. */
    public Set<String> projects() {
        return Set.copyOf(projects.keySet());
    }

    public Snapshot of(final String project) {
        final ProjectBoard board = projects.get(project);
        return board == null ? new Snapshot(List.of(), null, null, null, null, null, List.of()) : board.snapshot();
    }

    private ProjectBoard board(final String project) {
        return projects.computeIfAbsent(project, id -> new ProjectBoard());
    }

    private static final class ProjectBoard {

        private final List<ModelEntry> models = new ArrayList<>();
        private final List<EpochPoint> epochPoints = new ArrayList<>();
        private final Deque<Decision> decisions = new ArrayDeque<>();
        private String champion;
        private String lastChange;
        private Instant lastRetrainRequest;
        private String lastRetrainReason;
        private RunState run;

        synchronized void apply(final ModelEvent event) {
            switch (event.type()) {
                case registered -> models.add(new ModelEntry(event.modelVersion(), event.architecture(),
                        event.datasetVersion(), event.metrics(), event.occurredAt(), null));
                case promoted -> {
                    changeChampion(event);
                    decide(event, true);
                }
                case rolled_back -> changeChampion(event);
                // never a champion change, whatever champion the event's check names
                case not_promoted -> decide(event, false);
                case retrain_requested -> {
                    lastRetrainRequest = event.occurredAt();
                    lastRetrainReason = event.reason();
                }
            }
        }

        private void changeChampion(final ModelEvent event) {
            champion = event.modelVersion();
            lastChange = event.type() + (event.reason() == null ? "" : ": " + event.reason());
        }

        private void decide(final ModelEvent event, final boolean promoted) {
            final Promotion decision = new Promotion(promoted, event.reason(), event.promotionCheck());
            models.replaceAll(model -> model.version().equals(event.modelVersion()) ? model.decided(decision) : model);
        }

        /** The trial an epoch belongs to: the last point's, unless the epoch is not past that point's epoch. */
        private int trialOf(final int epoch) {
            if (epochPoints.isEmpty()) {
                return 1;
            }
            final EpochPoint last = epochPoints.get(epochPoints.size() - 1);
            return epoch > last.epoch() ? last.trial() : last.trial() + 1;
        }

        synchronized void apply(final TrainingProgress progress) {
            if (progress.status() == TrainingProgress.Status.queued || progress.status().isSchedulingDecision()) {
                decisions.addFirst(new Decision(progress.status(), progress.trigger(), progress.runId(),
                        progress.message(), progress.occurredAt()));
                if (decisions.size() > MAX_DECISIONS) {
                    decisions.removeLast();
                }
                if (progress.status().isSchedulingDecision()) {
                    return;
                }
            }
            final boolean newRun = run == null || !run.runId().equals(progress.runId());
            if (newRun) {
                epochPoints.clear();
            }
            final RunState previous = newRun ? NO_RUN : run;
            final Map<String, Double> metrics = progress.metrics() == null ? Map.of() : progress.metrics();
            if (progress.batch() == null && progress.epoch() != null && metrics.containsKey("validation_loss")
                    && epochPoints.size() < MAX_EPOCH_POINTS) {
                epochPoints.add(new EpochPoint(epochPoints.size() + 1, trialOf(progress.epoch()), progress.epoch(),
                        progress.loss(), metrics.get("validation_loss"), metrics.get("validation_accuracy")));
            }
            final boolean running = progress.status() == TrainingProgress.Status.running;
            run = new RunState(progress.runId(), progress.status(), or(progress.epoch(), previous.epoch()),
                    or(progress.epochs(), previous.epochs()), or(progress.batch(), previous.batch()),
                    or(progress.batches(), previous.batches()), or(progress.loss(), previous.loss()),
                    running ? or(progress.etaSeconds(), previous.etaSeconds()) : null,
                    or(progress.message(), previous.message()), progress.reason(), progress.occurredAt(), List.of());
        }

        synchronized Snapshot snapshot() {
            final RunState latest = run == null ? null : new RunState(run.runId(), run.status(), run.epoch(),
                    run.epochs(), run.batch(), run.batches(), run.loss(), run.etaSeconds(), run.message(),
                    run.reason(), run.updatedAt(), List.copyOf(epochPoints));
            return new Snapshot(List.copyOf(models), champion, lastChange, lastRetrainRequest, lastRetrainReason,
                    latest, List.copyOf(decisions));
        }

        private static <T> T or(final T value, final T previous) {
            return value != null ? value : previous;
        }
    }
}
