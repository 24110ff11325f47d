package io.labelstream.ingest.service;

import io.labelstream.schemas.events.RawRef;
import io.labelstream.service.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the accepted items of one request to {@code items.raw} in one Kafka transaction: either all of them
 * become visible to read-committed consumers (the cleaning topology) or none does, and the request reports them
 * accepted only after the commit. Retries inside the producer are idempotent; a client that repeats a whole
 * request after losing the answer gets its items again on {@code items.raw}, where the topology sends the
 * repeats to {@code items.duplicates}.
 */
@ApplicationScoped
public class RawItemPublisher {

    /** Short, so that a crashed instance's open transaction holds back read-committed consumers only briefly. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> producerConfig;
    private Producer<byte[], byte[]> producer;

    RawItemPublisher(@Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig) {
        this.producerConfig = producerConfig(kafkaConfig);
    }

    /** Publishes all records or none; returns where each landed, in order. */
    public synchronized List<RawRef> publish(final List<ProducerRecord<byte[], byte[]>> records) {
        final Producer<byte[], byte[]> transactional = producer();
        try {
            transactional.beginTransaction();
            final List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (final ProducerRecord<byte[], byte[]> record : records) {
                sent.add(transactional.send(record));
            }
            transactional.commitTransaction();
            final List<RawRef> refs = new ArrayList<>(sent.size());
            for (final Future<RecordMetadata> future : sent) {
                final RecordMetadata metadata = future.get();
                refs.add(new RawRef(metadata.topic(), metadata.partition(), metadata.offset(), null, null));
            }
            return refs;
        } catch (final ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            // the producer cannot recover from these; the next request starts a new one
            closeProducer();
            throw new KafkaException("Could not publish to Kafka", e);
        } catch (final KafkaException | ExecutionException e) {
            abortQuietly(transactional);
            throw new KafkaException("Could not publish to Kafka", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            abortQuietly(transactional);
            throw new KafkaException("Interrupted while publishing to Kafka", e);
        }
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            final KafkaProducer<byte[], byte[]> created =
                    new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (final KafkaException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    private void abortQuietly(final Producer<byte[], byte[]> transactional) {
        try {
            transactional.abortTransaction();
        } catch (final KafkaException e) {
            closeProducer();
        }
    }

    @PreDestroy
    synchronized void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private static Map<String, Object> producerConfig(final Map<String, Object> kafkaConfig) {
        final Map<String, Object> config = KafkaClientSettings.producer(kafkaConfig);
        // a fresh id per instance start: instances never fence each other, and the timeout bounds a crashed one
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "labelstream-ingest-http-" + UUID.randomUUID());
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "labelstream-ingest-http");
        return config;
    }
}
