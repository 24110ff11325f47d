package io.labelstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.trainer.kafka.TopicFollower;
import io.labelstream.trainer.service.EventPublisher;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer's clients honour the service's shared Kafka settings, authentication included. */
class KafkaClientsTest {

    private static final Map<String, Object> SHARED = Map.of(
            "bootstrap.servers", "kafka:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.location", "/etc/kafka/truststore.p12");

    @Test
    void shouldConnectThePublisherWithTheSharedSettings() {
        assertThat(EventPublisher.producerSettings(SHARED)).containsAllEntriesOf(SHARED).containsEntry("acks", "all");
    }

    @Test
    void shouldConnectTheFollowerWithTheSharedSettings() {
        assertThat(TopicFollower.consumerSettings(SHARED, "labelstream-trainer"))
                .containsAllEntriesOf(SHARED)
                .containsEntry("group.id", "labelstream-trainer")
                .containsEntry("isolation.level", "read_committed");
    }
}
