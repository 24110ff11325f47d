package io.labelstream.trainer.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.labelstream.ml.artifact.ArtifactStore.StoredArtifact;
import io.labelstream.ml.training.EvaluationReport;
import io.labelstream.ml.training.HyperparameterSearch;
import io.labelstream.ml.training.TrainedModel;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.json.Json;
import io.labelstream.service.errors.Refusal;
import io.labelstream.trainer.domain.ChampionChange;
import io.labelstream.trainer.domain.ModelVersion;
import io.labelstream.trainer.domain.PromotionVerdict;
import io.labelstream.trainer.domain.TrainingRun;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry: registration, the promotion check's verdict, promotion and rollback. Each change commits in
 * PostgreSQL first and is then published on {@code models}; the registry is the source of truth and the topic its
 * change log.
 */
@ApplicationScoped
public class RegistryService {

    public static final String PROMOTED = "promoted";
    public static final String ROLLED_BACK = "rolled_back";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final EventPublisher events;

    public RegistryService(final EventPublisher events) {
        this.events = events;
    }

    /** Everything a finished run hands to the registry. */
    public record Registration(TrainingRun run, int number, String versionId, TrainedModel model,
            List<HyperparameterSearch.Trial> trials, EvaluationReport test, StoredArtifact artifact,
            String codeVersion) {
    }

    /** Inserts the version and marks its run succeeded in one transaction, then announces it. */
    public ModelVersion register(final Registration registration) {
        final ModelVersion version = QuarkusTransaction.requiringNew().call(() -> {
            final ModelVersion entity = new ModelVersion();
            entity.id = registration.versionId();
            entity.project = registration.run().project;
            entity.number = registration.number();
            entity.runId = registration.run().id;
            entity.datasetVersion = registration.run().datasetVersion;
            entity.architecture = registration.model().request().architecture().id();
            entity.labels = registration.model().request().labels();
            entity.hyperparameters = Json.MAPPER.convertValue(registration.model().request().hyperparameters(), MAP);
            entity.searchTrials = registration.trials().stream()
                    .map(trial -> Json.MAPPER.convertValue(trial, MAP)).toList();
            entity.metrics = registration.test().flatten();
            entity.evaluation = Json.MAPPER.convertValue(registration.test(), MAP);
            entity.temperature = registration.model().temperature();
            entity.codeVersion = registration.codeVersion();
            entity.artifactSha256 = registration.artifact().sha256();
            entity.artifactUri = registration.artifact().uri();
            entity.status = ModelVersion.CANDIDATE;
            entity.createdAt = Instant.now();
            final TrainingRun run = TrainingRun.findById(registration.run().id, LockModeType.PESSIMISTIC_WRITE);
            if (!TrainingRun.RUNNING.equals(run.status)) {
                // another trainer failed the run when its lease ran out; a failed run never registers a model
                throw new IllegalStateException("run " + run.id + " is " + run.status + ", no longer running");
            }
            entity.persist();
            run.status = TrainingRun.SUCCEEDED;
            run.modelVersion = entity.id;
            run.finishedAt = Instant.now();
            return entity;
        });
        events.publish(event(ModelEvent.Type.registered, version, null, null));
        return version;
    }

    /**
     * Records the promotion check's verdict on a newly registered version; then either makes it champion
     * ({@code promoted}) or announces that it stays a candidate ({@code not_promoted}), both with the verdict.
     */
    public ModelVersion settle(final String project, final String versionId, final PromotionVerdict verdict) {
        if (verdict.promotes()) {
            return promote(project, versionId, verdict.reason(), verdict);
        }
        final ModelVersion candidate = QuarkusTransaction.requiringNew().call(() -> {
            final ModelVersion version = find(project, versionId);
            recordVerdict(version, verdict);
            return version;
        });
        events.publish(event(ModelEvent.Type.not_promoted, candidate, verdict.reason(), verdict.check()));
        return candidate;
    }

    public Optional<ModelVersion> champion(final String project) {
        return QuarkusTransaction.requiringNew().call(() -> ModelVersion.championOf(project));
    }

    /** Makes a version the project's champion (the old one retires) and announces it. */
    public ModelVersion promote(final String project, final String versionId, final String reason) {
        return promote(project, versionId, reason, null);
    }

    /** {@code verdict} is null for an operator's promotion; the promotion check's verdict stays on the version. */
    private ModelVersion promote(final String project, final String versionId, final String reason,
            final PromotionVerdict verdict) {
        final ModelVersion promoted = QuarkusTransaction.requiringNew().call(() -> {
            final ModelVersion version = find(project, versionId);
            if (ModelVersion.CHAMPION.equals(version.status)) {
                throw Refusal.conflict("already-champion", versionId + " is already the champion");
            }
            ModelVersion.championOf(project).ifPresent(old -> old.status = ModelVersion.RETIRED);
            ModelVersion.flush();
            version.status = ModelVersion.CHAMPION;
            if (verdict != null) {
                recordVerdict(version, verdict);
            }
            record(project, versionId, PROMOTED, reason);
            return version;
        });
        events.publish(event(ModelEvent.Type.promoted, promoted, reason, verdict == null ? null : verdict.check()));
        return promoted;
    }

    /**
     * Takes the champion back to the one before it: the current champion is marked rolled back (it will not come
     * back by a later rollback) and the most recent earlier champion that was not rolled back returns.
     */
    public ModelVersion rollback(final String project, final String reason) {
        final ModelVersion restored = QuarkusTransaction.requiringNew().call(() -> {
            final ModelVersion current = ModelVersion.championOf(project).orElseThrow(() ->
                    Refusal.conflict("no-champion", "project " + project + " has no champion to roll back"));
            final List<ChampionChange> history = ChampionChange.list("project = ?1 order by id desc", project);
            final ModelVersion previous = history.stream()
                    .map(change -> (ModelVersion) ModelVersion.findById(change.modelVersion))
                    .filter(version -> ModelVersion.RETIRED.equals(version.status))
                    .findFirst()
                    .orElseThrow(() -> Refusal.conflict("no-previous-champion",
                            "project " + project + " has no earlier champion to return to"));
            current.status = ModelVersion.ROLLED_BACK;
            ModelVersion.flush();
            previous.status = ModelVersion.CHAMPION;
            record(project, previous.id, ROLLED_BACK, reason + " (rolled back " + current.id + ")");
            return previous;
        });
        events.publish(event(ModelEvent.Type.rolled_back, restored, reason, null));
        return restored;
    }

    /**
     * Locks the row: an entity writes all its columns back, so an operator's promotion and the promotion check's
     * verdict on the same version must not overwrite each other's change.
     */
    private static ModelVersion find(final String project, final String versionId) {
        final ModelVersion version = ModelVersion.findById(versionId, LockModeType.PESSIMISTIC_WRITE);
        if (version == null || !version.project.equals(project)) {
            throw Refusal.notFound("model version " + versionId + " of project " + project);
        }
        return version;
    }

    private static void recordVerdict(final ModelVersion version, final PromotionVerdict verdict) {
        version.promotionCheck = Json.MAPPER.convertValue(verdict.check(), MAP);
        version.promotionReason = verdict.reason();
    }

    private static void record(final String project, final String versionId, final String action,
            final String reason) {
        final ChampionChange change = new ChampionChange();
        change.project = project;
        change.modelVersion = versionId;
        change.action = action;
        change.reason = reason;
        change.changedAt = Instant.now();
        change.persist();
    }

    /** For {@code rolled_back} the event describes the model that is champion again. */
    static ModelEvent event(final ModelEvent.Type type, final ModelVersion version, final String reason,
            final ModelEvent.PromotionCheck check) {
        return new ModelEvent(ModelEvent.VERSION, type, version.project, version.id, version.architecture,
                version.labels, version.datasetVersion, version.artifactUri, version.artifactSha256,
                version.temperature, version.metrics, reason, check, Instant.now());
    }
}
