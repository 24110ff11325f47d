package io.labelstream.trainer.rest;

import io.labelstream.trainer.domain.DatasetVersion;
import io.labelstream.trainer.domain.ModelVersion;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.trainer.domain.TrainingRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The API's read models; entities never leave the service directly. */
final class Views {

    private Views() {
    }

    record RunView(String id, String project, String status, String trigger, String datasetVersion,
            String modelVersion, String error, TrainingProgress.FailureReason failureReason, Instant createdAt,
            Instant startedAt, Instant finishedAt) {

        static RunView of(final TrainingRun run) {
            return new RunView(run.id, run.project, run.status, run.trigger, run.datasetVersion, run.modelVersion,
                    run.error, run.failureReason, run.createdAt, run.startedAt, run.finishedAt);
        }
    }

    record DatasetView(String id, String project, String contentSha256, int items, Map<String, Integer> classCounts,
            Map<String, Integer> splitCounts, boolean includesModelLabels, Instant createdAt) {

        static DatasetView of(final DatasetVersion version) {
            return new DatasetView(version.id, version.project, version.contentSha256, version.itemCount,
                    version.classCounts, version.splitCounts, version.includeModelLabels, version.createdAt);
        }
    }

    record ModelSummary(String id, String project, int number, String status, String architecture,
            String datasetVersion, Map<String, Double> metrics, double temperature, String artifactSha256,
            Map<String, Object> promotionCheck, String promotionReason, Instant createdAt) {

        static ModelSummary of(final ModelVersion version) {
            return new ModelSummary(version.id, version.project, version.number, version.status,
                    version.architecture, version.datasetVersion, version.metrics, version.temperature,
                    version.artifactSha256, version.promotionCheck, version.promotionReason, version.createdAt);
        }
    }

    record ModelDetail(String id, String project, int number, String status, String architecture, String runId,
            String datasetVersion, List<String> labels, Map<String, Object> hyperparameters,
            List<Map<String, Object>> searchTrials, Map<String, Double> metrics, Map<String, Object> evaluation,
            double temperature, String codeVersion, String artifactSha256, String artifactUri,
            Map<String, Object> promotionCheck, String promotionReason, Instant createdAt) {

        static ModelDetail of(final ModelVersion version) {
            return new ModelDetail(version.id, version.project, version.number, version.status,
                    version.architecture, version.runId, version.datasetVersion, version.labels,
                    version.hyperparameters, version.searchTrials, version.metrics, version.evaluation,
                    version.temperature, version.codeVersion, version.artifactSha256, version.artifactUri,
                    version.promotionCheck, version.promotionReason, version.createdAt);
        }
    }

    /** Body of promote and rollback requests; the reason is recorded and published. */
    record ChangeRequest(String reason) {
    }
}
