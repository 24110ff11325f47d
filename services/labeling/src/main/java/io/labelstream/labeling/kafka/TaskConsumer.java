package io.labelstream.labeling.kafka;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.service.TaskIntakeService;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.json.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads {@code tasks.labeling} (read_committed, so aborted inference transactions never become work) into the
 * queue. Offsets are committed only after the database has the batch; a crash in between replays the batch,
 * which the task id makes harmless. Records that are not labeling tasks are logged with the reason and skipped.
 */
@ApplicationScoped
public class TaskConsumer {

    private static final Logger LOG = Logger.getLogger(TaskConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final LabelingConfig config;
    private final TaskIntakeService intake;
    private final Map<String, Object> settings;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    TaskConsumer(final LabelingConfig config, final TaskIntakeService intake,
            @Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig) {
        this.config = config;
        this.intake = intake;
        this.settings = kafkaConfig.entrySet().stream()
                .filter(entry -> ConsumerConfig.configNames().contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, HashMap::new));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.tasks().consumerGroup());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group starts with the oldest task still kept: tasks are work that must not be skipped
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    void onStart(@Observes final StartupEvent event) {
        if (!config.tasks().consume()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "tasks-consumer");
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
        while (running) {
            try (KafkaConsumer<String, String> created =
                    new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
                consumer = created;
                created.subscribe(List.of(Topics.TASKS_LABELING));
                while (running) {
                    final ConsumerRecords<String, String> records = created.poll(POLL);
                    if (!records.isEmpty()) {
                        store(records);
                        created.commitSync();
                    }
                }
            } catch (final WakeupException e) {
                return;
            } catch (final RuntimeException e) {
                // the uncommitted batch comes again from the committed offsets with the next consumer
                LOG.warnf("Cannot take labeling tasks (%s); retrying in %s", e, RETRY);
                sleep();
            }
        }
    }

    private void store(final ConsumerRecords<String, String> records) {
        final List<LabelingTask> tasks = new ArrayList<>(records.count());
        for (final ConsumerRecord<String, String> record : records) {
            try {
                tasks.add(Json.MAPPER.readValue(record.value(), LabelingTask.class));
            } catch (final IOException | IllegalArgumentException e) {
                LOG.warnf("Skipping %s-%d@%d: not a labeling task (%s)", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        final TaskIntakeService.Intake result = intake.accept(tasks);
        result.refused().forEach(reason -> LOG.warnf("Refused labeling task %s", reason));
        LOG.debugf("Labeling tasks: %d new, %d already known", result.created(), result.alreadyKnown());
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
