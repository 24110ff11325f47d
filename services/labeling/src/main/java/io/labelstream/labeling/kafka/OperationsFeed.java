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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Folds {@code models} and {@code training.progress} into the {@link TrainingBoard}. Every instance reads both
 * topics whole, without a consumer group (assigned partitions, from the beginning), so any instance can serve the
 * dashboard.
 */
@ApplicationScoped
public class OperationsFeed {

    private static final Logger LOG = Logger.getLogger(OperationsFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final List<String> TOPICS = List.of(Topics.MODELS, Topics.TRAINING_PROGRESS);

    private final LabelingConfig config;
    private final TrainingBoard board;
    private final Map<String, Object> settings;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    OperationsFeed(final LabelingConfig config, final TrainingBoard board,
            @Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig) {
        this.config = config;
        this.board = board;
        this.settings = kafkaConfig.entrySet().stream()
                .filter(entry -> ConsumerConfig.configNames().contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, HashMap::new));
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    }

    void onStart(@Observes final StartupEvent event) {
        if (!config.operations().follow()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "operations-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes final ShutdownEvent event) {
        running = false;
        final KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        boolean folded = false;
        while (running) {
            try (KafkaConsumer<String, String> created =
                    new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
                consumer = created;
                final List<TopicPartition> partitions = TOPICS.stream()
                        .flatMap(topic -> created.partitionsFor(topic).stream()
                                .map(info -> new TopicPartition(topic, info.partition())))
                        .toList();
                created.assign(partitions);
                // a reconnect after a failure starts over too: the board is only ever a fold of the whole topics
                if (folded) {
                    board.clear();
                }
                created.seekToBeginning(partitions);
                folded = true;
                while (running) {
                    created.poll(POLL).forEach(this::fold);
                }
            } catch (final WakeupException e) {
                return;
            } catch (final RuntimeException e) {
                LOG.warnf("Cannot follow %s (%s); retrying in %s", TOPICS, e, RETRY);
                sleep();
            }
        }
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
                if (progress.project() == null || progress.runId() == null) {
                    skip(record, "no project or run id");
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

    private void sleep() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
