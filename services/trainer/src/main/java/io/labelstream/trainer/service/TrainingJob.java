package io.labelstream.trainer.service;

import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.artifact.ArtifactStore;
import io.labelstream.ml.artifact.ArtifactStore.StoredArtifact;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.ml.artifact.LoadedModel;
import io.labelstream.ml.training.EvaluationReport;
import io.labelstream.ml.training.HyperparameterSearch;
import io.labelstream.ml.training.TrainedModel;
import io.labelstream.ml.training.TrainingDivergedException;
import io.labelstream.ml.training.TrainingRequest;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.trainer.config.TrainerConfig;
import io.labelstream.trainer.domain.ModelVersion;
import io.labelstream.trainer.domain.PromotionVerdict;
import io.labelstream.trainer.domain.TrainerProject;
import io.labelstream.trainer.domain.TrainingRun;
import io.labelstream.trainer.service.DatasetService.SplitExamples;
import io.labelstream.trainer.service.RegistryService.Registration;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One training run from queued dataset to registered (and perhaps promoted) model: featurize the dataset version,
 * search hyperparameters on validation, evaluate on test, store the artifact, register, then check it against the
 * champion on the same test split ({@link PromotionVerdict}) and promote it or publish why not. Any failure before
 * registration marks the run failed with its reason ({@code diverged} when every trial's loss or gradients turned
 * non-finite) and registers nothing; an artifact stored before such a failure is unreferenced and harmless.
 */
@ApplicationScoped
public class TrainingJob {

    private static final Logger LOG = Logger.getLogger(TrainingJob.class);

    private final DatasetService datasets;
    private final RunService runs;
    private final RegistryService registry;
    private final EventPublisher events;
    private final TrainerConfig config;
    private final ArtifactStore store;

    public TrainingJob(final DatasetService datasets, final RunService runs, final RegistryService registry,
            final EventPublisher events, final TrainerConfig config) {
        this.datasets = datasets;
        this.runs = runs;
        this.registry = registry;
        this.events = events;
        this.config = config;
        this.store = new DirectoryArtifactStore(config.modelStore());
    }

    public ArtifactStore store() {
        return store;
    }

    public void run(final String runId) {
        final Optional<TrainingRun> started = runs.start(runId);
        if (started.isEmpty()) {
            LOG.warnf("Run %s is no longer this trainer's to start (its lease ran out); skipping it", runId);
            return;
        }
        final TrainingRun run = started.get();
        final ProgressReporter progress = new ProgressReporter(events, run.id, run.project);
        progress.status(TrainingProgress.Status.running, "loading dataset " + run.datasetVersion, null);
        final ModelVersion version;
        try {
            version = trainAndRegister(run, progress);
        } catch (final TrainingDivergedException e) {
            LOG.warnf("Run %s of project %s failed: %s", run.id, run.project, e.getMessage());
            fail(run, progress, TrainingProgress.FailureReason.diverged, e.getMessage());
            return;
        } catch (final RuntimeException | Error e) {
            LOG.errorf(e, "Run %s of project %s failed", run.id, run.project);
            fail(run, progress, TrainingProgress.FailureReason.error, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            return;
        }
        progress.status(TrainingProgress.Status.succeeded, "registered " + version.id + settlePromotion(run, version),
                version.metrics);
    }

    /** Judges the new version and promotes it or publishes why not; says which, for the run's last message. */
    private String settlePromotion(final TrainingRun run, final ModelVersion version) {
        try {
            final PromotionVerdict verdict = judge(run, version);
            registry.settle(run.project, version.id, verdict);
            return (verdict.promotes() ? ", promoted: " : ", not promoted: ") + verdict.reason();
        } catch (final RuntimeException e) {
            LOG.errorf(e, "Model %s is registered but its promotion check failed", version.id);
            return ", promotion check failed: " + e.getMessage();
        }
    }

    private void fail(final TrainingRun run, final ProgressReporter progress,
            final TrainingProgress.FailureReason reason, final String error) {
        runs.fail(run.id, reason, error);
        progress.failed(reason, "failed: " + error);
    }

    private ModelVersion trainAndRegister(final TrainingRun run, final ProgressReporter progress) {
        final Project project = QuarkusTransaction.requiringNew()
                .call(() -> ((TrainerProject) TrainerProject.findById(run.project)).project());
        final SplitExamples examples = datasets.examples(run.datasetVersion, DatasetService.inputOf(project));
        final Architecture architecture = Architecture.forKind(project.kind());
        Hyperparameters hyperparameters = Hyperparameters.defaults(architecture).withSeed(config.search().seed());
        if (config.search().maxEpochs().isPresent()) {
            hyperparameters = hyperparameters.withMaxEpochs(config.search().maxEpochs().get());
        }
        if (config.search().learningRate().isPresent()) {
            hyperparameters = hyperparameters.withLearningRate(config.search().learningRate().get());
        }
        if (config.search().minEpochSamples().isPresent()) {
            hyperparameters = hyperparameters.withMinEpochSamples(config.search().minEpochSamples().get());
        }
        final TrainingRequest request = new TrainingRequest(architecture, examples.input(), examples.labels(),
                hyperparameters, examples.train(), examples.validation(), null, progress);
        progress.status(TrainingProgress.Status.running, "training " + architecture.id() + " on "
                + examples.train().size() + " examples", null);
        final HyperparameterSearch.Result search =
                HyperparameterSearch.run(request, config.search().trials(), config.search().budget());
        try (TrainedModel best = search.best()) {
            final EvaluationReport test = best.evaluate(examples.test());
            final int number = QuarkusTransaction.requiringNew().call(() -> ModelVersion.nextNumber(run.project));
            final String versionId = run.project + "-v" + number;
            final byte[] artifact = best.toArtifact(run.project, versionId, test.flatten(), run.datasetVersion,
                    config.codeVersion());
            final StoredArtifact stored = store.put(artifact);
            return registry.register(new Registration(run, number, versionId, best, search.trials(), test, stored,
                    config.codeVersion()));
        }
    }

    /**
     * The challenger against the champion on the challenger's test split: the champion's artifact is evaluated anew
     * on it. When that fails the challenger stays a candidate, with the error as the reason.
     */
    private PromotionVerdict judge(final TrainingRun run, final ModelVersion challenger) {
        final Optional<ModelVersion> champion = registry.champion(run.project);
        if (champion.isEmpty()) {
            return PromotionVerdict.firstModel();
        }
        if (!champion.get().labels.equals(challenger.labels)) {
            return PromotionVerdict.labelSetChanged(champion.get().id);
        }
        final double margin = QuarkusTransaction.requiringNew().call(() -> {
            final Project.TrainingPolicy policy =
                    ((TrainerProject) TrainerProject.findById(run.project)).project().training();
            return policy == null ? 0.0 : policy.promotionMargin();
        });
        final double score = challenger.metrics.get(PromotionVerdict.METRIC);
        final double championScore;
        try (LoadedModel loaded = store.load(champion.get().artifactSha256)) {
            championScore = loaded.evaluate(datasets.examples(run.datasetVersion,
                    loaded.manifest().input()).test()).accuracy();
        } catch (final RuntimeException e) {
            LOG.warnf(e, "Champion %s of project %s could not be evaluated on %s", champion.get().id, run.project,
                    run.datasetVersion);
            return PromotionVerdict.failed(score, champion.get().id, margin, run.datasetVersion,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        final PromotionVerdict verdict =
                PromotionVerdict.compare(score, champion.get().id, championScore, margin, run.datasetVersion);
        LOG.infof("Model %s %s: %s", challenger.id, verdict.promotes() ? "is promoted" : "stays a candidate",
                verdict.reason());
        return verdict;
    }

    /** Progress for the dashboard: at most about one event a second, plus every status change and epoch end. */
    static final class ProgressReporter implements io.labelstream.ml.training.ProgressListener {

        private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

        private final EventPublisher events;
        private final String runId;
        private final String project;
        private final long started = System.nanoTime();
        private long lastSent;

        ProgressReporter(final EventPublisher events, final String runId, final String project) {
            this.events = events;
            this.runId = runId;
            this.project = project;
        }

        void status(final TrainingProgress.Status status, final String message, final Map<String, Double> metrics) {
            events.publish(new TrainingProgress(TrainingProgress.VERSION, runId, project, status, null, null, null,
                    null, null, metrics, null, message, null, null, Instant.now()));
        }

        void failed(final TrainingProgress.FailureReason reason, final String message) {
            events.publish(new TrainingProgress(TrainingProgress.VERSION, runId, project,
                    TrainingProgress.Status.failed, null, null, null, null, null, null, null, message, reason, null,
                    Instant.now()));
        }

        @Override
        public void onBatch(final int epoch, final int epochs, final int batch, final int batches, final double loss) {
            final long now = System.nanoTime();
            if (now - lastSent < MIN_INTERVAL_NANOS) {
                return;
            }
            lastSent = now;
            final double done = ((epoch - 1) * (double) batches + batch) / ((double) epochs * batches);
            final double elapsed = (now - started) / 1e9;
            final Double eta = done > 0 ? elapsed / done - elapsed : null;
            events.publish(new TrainingProgress(TrainingProgress.VERSION, runId, project,
                    TrainingProgress.Status.running, epoch, epochs, batch, batches, loss, null, eta, null, null, null,
                    Instant.now()));
        }

        @Override
        public void onEpoch(final EpochResult result) {
            events.publish(new TrainingProgress(TrainingProgress.VERSION, runId, project,
                    TrainingProgress.Status.running, result.epoch(), result.maxEpochs(), null, null,
                    result.trainLoss(), Map.of("validation_loss", result.validationLoss(),
                            "validation_accuracy", result.validationAccuracy()), null,
                    "epoch " + result.epoch() + " done", null, null, Instant.now()));
        }
    }
}
