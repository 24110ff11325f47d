package io.labelstream.trainer.kafka;

import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.service.health.FirstAssignment;
import io.labelstream.service.kafka.KafkaClientSettings;
import io.labelstream.trainer.config.TrainerConfig;
import io.labelstream.trainer.service.TopicIngestService;
import io.labelstream.trainer.service.TrainingScheduler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * Follows {@code projects}, {@code items.clean}, {@code items.duplicates} and {@code labels} into the trainer's
 * tables, and {@code models} for retrain requests. Reads committed records only, from the earliest offset on first
 * start (a new trainer must see every label ever given), and commits offsets only after the batch's database
 * transaction, so a crash replays rather than loses records. The topics must exist before the service starts.
 */
@ApplicationScoped
public class TopicFollower {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);
    private static final List<String> TOPICS =
            List.of(Topics.PROJECTS, Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES, Topics.LABELS, Topics.MODELS);
    private static final JsonSerde<ModelEvent> MODEL_EVENTS = JsonSerde.of(ModelEvent.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final TopicIngestService ingest;
    private final TrainingScheduler scheduler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final FirstAssignment firstAssignment;
    private volatile boolean running = true;
    private Thread thread;

    public TopicFollower(final TopicIngestService ingest, final TrainingScheduler scheduler,
            final TrainerConfig config,
            @Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig) {
        this.ingest = ingest;
        this.scheduler = scheduler;
        this.consumer = new KafkaConsumer<>(consumerSettings(kafkaConfig, config.consumerGroup()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.firstAssignment = new FirstAssignment(config.consumerGroup());
    }

    /** The service's shared client settings (bootstrap servers, SASL, TLS) and what this consumer needs. */
    public static Map<String, Object> consumerSettings(final Map<String, Object> kafkaConfig, final String group) {
        final Map<String, Object> settings = KafkaClientSettings.consumer(kafkaConfig);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        return settings;
    }

    /** Up once the group has assigned this instance the topics it follows. */
    public HealthCheckResponse readiness(final String name) {
        return firstAssignment.check(name);
    }

    void start(@Observes final StartupEvent event) {
        thread = new Thread(this::run, "trainer-topic-follower");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes final ShutdownEvent event) {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try (consumer) {
            consumer.subscribe(TOPICS, firstAssignment);
            while (running) {
                final ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                if (!applyUntilDone(records)) {
                    return;
                }
                consumer.commitSync();
            }
        } catch (final WakeupException e) {
            if (running) {
                throw e;
            }
        }
    }

    /** Retries a failing batch (the database may be restarting) until it applies or the service stops. */
    private boolean applyUntilDone(final ConsumerRecords<String, byte[]> records) {
        final List<ConsumerRecord<String, byte[]>> data = new ArrayList<>();
        final List<ModelEvent> retrainRequests = new ArrayList<>();
        for (final ConsumerRecord<String, byte[]> record : records) {
            if (!Topics.MODELS.equals(record.topic())) {
                data.add(record);
                continue;
            }
            try {
                final ModelEvent event = MODEL_EVENTS.deserialize(record.topic(), record.value());
                if (event != null && event.type() == ModelEvent.Type.retrain_requested) {
                    retrainRequests.add(event);
                }
            } catch (final RuntimeException e) {
                LOG.warnf("Skipping unreadable model event at offset %d: %s", record.offset(), e.getMessage());
            }
        }
        while (running) {
            try {
                final Set<String> labeled = ingest.apply(data);
                labeled.forEach(scheduler::onNewLabels);
                retrainRequests.forEach(request -> scheduler.onRetrainRequest(request.project(), request.reason(),
                        request.occurredAt()));
                return true;
            } catch (final RuntimeException e) {
                LOG.warn("Could not apply a batch of input records; retrying", e);
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (final InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
