package io.labelstream.service.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A service's shared Kafka client configuration (the {@code kafka.*} keys, which Quarkus hands out as the
 * {@code default-kafka-broker} map) cut down to what one kind of client accepts. The shared map carries every
 * client's keys, which another client would warn about or reject; what all clients share (the bootstrap servers,
 * SASL and TLS settings) passes to each of them, so that a deployment sets authentication once.
 *
 * <p>Every client a service builds by hand starts from here and then sets what it needs on the mutable copy.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    public static Map<String, Object> consumer(final Map<String, ?> shared) {
        return only(shared, ConsumerConfig.configNames());
    }

    public static Map<String, Object> producer(final Map<String, ?> shared) {
        return only(shared, ProducerConfig.configNames());
    }

    public static Map<String, Object> admin(final Map<String, ?> shared) {
        return only(shared, AdminClientConfig.configNames());
    }

    private static Map<String, Object> only(final Map<String, ?> shared, final Set<String> accepted) {
        final Map<String, Object> settings = new HashMap<>();
        shared.forEach((key, value) -> {
            if (accepted.contains(key)) {
                settings.put(key, value);
            }
        });
        return settings;
    }
}
