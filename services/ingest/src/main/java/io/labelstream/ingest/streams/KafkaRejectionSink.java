package io.labelstream.ingest.streams;

import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Rejection;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.service.kafka.KafkaClientSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes rejections to {@code items.rejected} with an idempotent producer of its own, outside the Streams
 * transaction. The handler then lets Streams continue, and the failed record's offset is committed with the next
 * transaction: a record rejected this way is never lost, though a transaction aborted after the write can repeat
 * its rejection (at least once, unlike the exactly-once path through the processors).
 *
 * <p>One producer per cluster and JVM, created on the first failure: most runs never need it.
 */
final class KafkaRejectionSink implements RejectionSink {

    private static final Map<Object, KafkaRejectionSink> SHARED = new ConcurrentHashMap<>();

    private final Producer<byte[], Rejection> producer;

    private KafkaRejectionSink(final Map<String, Object> producerConfig) {
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), JsonSerde.of(Rejection.class));
    }

    /** The sink handed over in the configs, or the shared Kafka sink for the configured cluster. */
    static RejectionSink from(final Map<String, ?> configs) {
        if (configs.get(CONFIG) instanceof RejectionSink given) {
            return given;
        }
        final Object bootstrap = configs.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        return (key, rejection) -> SHARED.computeIfAbsent(bootstrap, servers -> new KafkaRejectionSink(
                producerConfig(configs))).send(key, rejection);
    }

    private static Map<String, Object> producerConfig(final Map<String, ?> configs) {
        final Map<String, Object> config = KafkaClientSettings.producer(configs);
        // Streams hands its own producer's transactional settings around; the sink writes outside any transaction
        config.keySet().removeIf(key -> key.startsWith("transactional"));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-rejection-sink");
        return config;
    }

    @Override
    public void send(final byte[] key, final Rejection rejection) {
        try {
            producer.send(new ProducerRecord<>(Topics.ITEMS_REJECTED, key, rejection)).get();
        } catch (final ExecutionException e) {
            throw new KafkaException("Could not write a rejection to " + Topics.ITEMS_REJECTED, e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while writing a rejection", e);
        }
    }
}
