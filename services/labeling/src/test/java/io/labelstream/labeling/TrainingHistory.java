package io.labelstream.labeling;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.TrainingProgress.Status;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.TestKafkaCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a trainer publishes for a project: three registered versions (v2 better, promoted; v3 below it on the same test
 * split, not promoted), a retrain request, a run that finished two epochs and is in the middle of its third, and then
 * the trainer's answers to two triggers during that run; with unreadable records in between.
 */
public final class TrainingHistory {

    public static final String RUN = "run-42";

    private TrainingHistory() {
    }

    public static void publish(final String project) {
        try (KafkaProducer<String, String> producer = producer()) {
            final Instant now = Instant.now();
            for (final ModelEvent event : List.of(
                    model(project, ModelEvent.Type.registered, "v1", 0.81, null, now),
                    model(project, ModelEvent.Type.promoted, "v1", 0.81, "first model", now),
                    model(project, ModelEvent.Type.registered, "v2", 0.88, null, now),
                    model(project, ModelEvent.Type.promoted, "v2", 0.88, "beats v1 by 0.07", now),
                    model(project, ModelEvent.Type.registered, "v3", 0.862, null, now),
                    notPromoted(project, "v3", 0.862, "v2", 0.871, now),
                    model(project, ModelEvent.Type.retrain_requested, null, null, "live accuracy 0.70", now))) {
                producer.send(new ProducerRecord<>(Topics.MODELS, project, json(event)));
            }
            producer.send(new ProducerRecord<>(Topics.MODELS, project, "{not json"));
            producer.send(new ProducerRecord<>(Topics.TRAINING_PROGRESS, project, "{\"schemaVersion\":1}"));
            for (final TrainingProgress progress : List.of(
                    queued(project, now),
                    progress(project, Status.running, 1, 10, 0.90, null, null, now),
                    progress(project, Status.running, 1, null, 0.80, Map.of("validation_loss", 0.85,
                            "validation_accuracy", 0.70), "epoch 1 done", now),
                    progress(project, Status.running, 2, null, 0.60, Map.of("validation_loss", 0.65,
                            "validation_accuracy", 0.78), "epoch 2 done", now),
                    progress(project, Status.running, 3, 5, 0.55, null, null, now),
                    TrainingProgress.decision(project, Status.coalesced, RUN, "retrain-request",
                            "retrain request (live accuracy 0.70) waits for the follow-up run after run " + RUN, now),
                    TrainingProgress.decision(project, Status.skipped, RUN, "schedule",
                            "run " + RUN + " holds the project", now))) {
                producer.send(new ProducerRecord<>(Topics.TRAINING_PROGRESS, project, json(progress)));
            }
            producer.flush();
        }
    }

    /** A run that diverged in its first epoch, as a trainer reports it. */
    public static void publishDivergedRun(final String project) {
        try (KafkaProducer<String, String> producer = producer()) {
            final Instant now = Instant.now();
            for (final TrainingProgress progress : List.of(
                    progress(project, Status.queued, null, null, null, null, "queued by request", now),
                    progress(project, Status.running, 1, 1, 2.30, null, null, now),
                    new TrainingProgress(TrainingProgress.VERSION, RUN, project, Status.failed, null, null, null,
                            null, null, null, null, "failed: training diverged at epoch 1, batch 2: the loss is NaN",
                            TrainingProgress.FailureReason.diverged, null, now))) {
                producer.send(new ProducerRecord<>(Topics.TRAINING_PROGRESS, project, json(progress)));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    private static String json(final Object event) {
        try {
            return Json.MAPPER.writeValueAsString(event);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModelEvent model(final String project, final ModelEvent.Type type, final String version,
            final Double accuracy, final String reason, final Instant at) {
        return new ModelEvent(ModelEvent.VERSION, type, project, version, "text-embedding-bag", List.of("ham", "spam"),
                "ds-1", null, null, 1.2, accuracy == null ? null : Map.of("accuracy", accuracy, "macro_f1", accuracy - 0.01),
                reason, at);
    }

    /** The trainer's verdict on a version that scored below the champion re-evaluated on the same test split. */
    private static ModelEvent notPromoted(final String project, final String version, final double score,
            final String champion, final double championScore, final Instant at) {
        return new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.not_promoted, project, version,
                "text-embedding-bag", List.of("ham", "spam"), "ds-2", null, null, 1.2, Map.of("accuracy", score),
                "below champion " + champion + ": test accuracy " + score + " vs " + championScore,
                new ModelEvent.PromotionCheck(ModelEvent.Outcome.below_champion, "accuracy", score, champion,
                        championScore, 0.0),
                at);
    }

    private static TrainingProgress queued(final String project, final Instant at) {
        return new TrainingProgress(TrainingProgress.VERSION, RUN, project, Status.queued, null, null, null, null,
                null, null, null, "queued by admin on ds-2", null, "admin", at);
    }

    /** Batch progress when a batch is given, an epoch's end when metrics are; a run of 4 epochs of 10 batches. */
    private static TrainingProgress progress(final String project, final Status status, final Integer epoch,
            final Integer batch, final Double loss, final Map<String, Double> metrics, final String message,
            final Instant at) {
        return new TrainingProgress(TrainingProgress.VERSION, RUN, project, status, epoch, epoch == null ? null : 4,
                batch, batch == null ? null : 10, loss, metrics, batch == null ? null : 120.0, message, null, null, at);
    }
}
