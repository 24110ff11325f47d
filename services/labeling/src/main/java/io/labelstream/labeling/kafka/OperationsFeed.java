package io.labelstream.labeling.kafka;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.service.TrainingBoard;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.schemas.json.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Folds {@code models} and {@code training.progress} into the {@link TrainingBoard}. Every instance reads both
 * topics whole, without a consumer group (assigned partitions, from the beginning), so any instance can serve the
 * dashboard.
 */
@Singleton
public class OperationsFeed extends ConsumerThread {

    private static final Logger LOG = Logger.getLogger(OperationsFeed.class);
    private static final List<String> TOPICS = List.of(Topics.MODELS, Topics.TRAINING_PROGRESS);

    private final LabelingConfig config;
    private final TrainingBoard board;

    OperationsFeed(final LabelingConfig config, final TrainingBoard board,
            @Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig) {
        super("operations-feed", kafkaConfig, Map.of());
        this.config = config;
        this.board = board;
    }

    void onStart(@Observes final StartupEvent event) {
        if (config.operations().follow()) {
            start();
        }
    }

    void onStop(@Observes final ShutdownEvent event) {
        stop();
    }

    /** Also after a failure the board starts empty: it is only ever a fold of the whole topics. */
    @Override
    void attach(final KafkaConsumer<String, String> consumer) {
        final List<TopicPartition> partitions = TOPICS.stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        board.clear();
    }

    @Override
    void handle(final ConsumerRecords<String, String> records, final KafkaConsumer<String, String> consumer) {
        records.forEach(this::fold);
    }

    private void fold(final ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            skip(record, "no value");
            return;
        }
        try {
            if (Topics.MODELS.equals(record.topic())) {
                final ModelEvent event = Json.MAPPER.readValue(record.value(), ModelEvent.class);
                if (event.project() == null || event.type() == null) {
                    skip(record, "no project or type");
                } else {
                    board.apply(event);
                }
            } else {
                final TrainingProgress progress = Json.MAPPER.readValue(record.value(), TrainingProgress.class);
                if (progress.project() == null || progress.status() == null) {
                    skip(record, "no project or status");
                } else if (progress.runId() == null && !progress.status().isSchedulingDecision()) {
                    skip(record, "a run's progress without a run id");
                } else {
                    board.apply(progress);
                }
            }
        } catch (final IOException e) {
            skip(record, e.getMessage());
        }
    }

    private static void skip(final ConsumerRecord<String, String> record, final String reason) {
        LOG.warnf("Skipping %s-%d@%d on the dashboard: not a readable event (%s)", record.topic(), record.partition(),
                record.offset(), reason);
    }
}
