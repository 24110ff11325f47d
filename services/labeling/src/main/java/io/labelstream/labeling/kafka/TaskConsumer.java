package io.labelstream.labeling.kafka;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.service.TaskIntakeService;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.json.Json;
import io.labelstream.service.health.FirstAssignment;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * Reads {@code tasks.labeling} (read_committed, so aborted inference transactions never become work) into the
 * queue. Offsets are committed only after the database has the batch; a crash in between replays the batch,
 * which the task id makes harmless. Records that are not labeling tasks are logged with the reason and skipped.
 */
@Singleton
public class TaskConsumer extends ConsumerThread {

    private static final Logger LOG = Logger.getLogger(TaskConsumer.class);

    private final LabelingConfig config;
    private final TaskIntakeService intake;
    private final FirstAssignment firstAssignment;

    TaskConsumer(final LabelingConfig config, final TaskIntakeService intake,
            @Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig) {
        // a new group starts with the oldest task still kept: tasks are work that must not be skipped
        super("tasks-consumer", kafkaConfig, Map.of(ConsumerConfig.GROUP_ID_CONFIG, config.tasks().consumerGroup(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        this.config = config;
        this.intake = intake;
        this.firstAssignment = new FirstAssignment(config.tasks().consumerGroup());
    }

    /** Up once the group has given this instance its share of {@code tasks.labeling}, or when it does not consume. */
    public HealthCheckResponse readiness(final String name) {
        if (!config.tasks().consume()) {
            return HealthCheckResponse.named(name).up().withData("consuming", "off").build();
        }
        return firstAssignment.check(name);
    }

    void onStart(@Observes final StartupEvent event) {
        if (config.tasks().consume()) {
            start();
        }
    }

    void onStop(@Observes final ShutdownEvent event) {
        stop();
    }

    @Override
    void attach(final KafkaConsumer<String, String> consumer) {
        consumer.subscribe(List.of(Topics.TASKS_LABELING), firstAssignment);
    }

    @Override
    void handle(final ConsumerRecords<String, String> records, final KafkaConsumer<String, String> consumer) {
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
        consumer.commitSync();
    }
}
