package io.labelstream.trainer.service;

import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.service.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes {@code models} and {@code training.progress}, keyed by project. Registry events are sent after their
 * database transaction commits and waited for, so a caller learns when the broker did not take one; progress is
 * fire-and-forget because the next update supersedes it.
 */
@ApplicationScoped
public class EventPublisher {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<String, Object> producer;

    public EventPublisher(@Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig) {
        this.producer = new KafkaProducer<>(producerSettings(kafkaConfig), new StringSerializer(),
                JsonSerde.of(Object.class));
    }

    /** The service's shared client settings (bootstrap servers, SASL, TLS) and what this producer needs. */
    public static Map<String, Object> producerSettings(final Map<String, Object> kafkaConfig) {
        final Map<String, Object> settings = KafkaClientSettings.producer(kafkaConfig);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "labelstream-trainer");
        return settings;
    }

    public void publish(final ModelEvent event) {
        try {
            producer.send(new ProducerRecord<>(Topics.MODELS, event.project(), event))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a model event", e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + event.type() + " of " + event.modelVersion(), e);
        }
    }

    public void publish(final TrainingProgress progress) {
        producer.send(new ProducerRecord<>(Topics.TRAINING_PROGRESS, progress.project(), progress));
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
