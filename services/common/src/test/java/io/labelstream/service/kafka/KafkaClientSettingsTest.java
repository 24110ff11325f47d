package io.labelstream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    private static final Map<String, Object> SHARED = Map.of(
            "bootstrap.servers", "kafka:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.location", "/etc/kafka/truststore.p12",
            "group.id", "a-consumer-group",
            "acks", "all",
            "application.id", "a-streams-application",
            "topics-check-timeout", "5s");

    private static final Map<String, Object> SECURITY = Map.of(
            "bootstrap.servers", "kafka:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.location", "/etc/kafka/truststore.p12");

    @Test
    void shouldGiveEveryKindOfClientTheSharedConnectionAndSecuritySettings() {
        assertThat(KafkaClientSettings.consumer(SHARED)).containsAllEntriesOf(SECURITY);
        assertThat(KafkaClientSettings.producer(SHARED)).containsAllEntriesOf(SECURITY);
        assertThat(KafkaClientSettings.admin(SHARED)).containsAllEntriesOf(SECURITY);
    }

    @Test
    void shouldLeaveOutWhatTheKindOfClientDoesNotAccept() {
        assertThat(KafkaClientSettings.consumer(SHARED)).containsEntry("group.id", "a-consumer-group")
                .doesNotContainKeys("acks", "application.id", "topics-check-timeout");
        assertThat(KafkaClientSettings.producer(SHARED)).containsEntry("acks", "all")
                .doesNotContainKeys("group.id", "application.id", "topics-check-timeout");
        assertThat(KafkaClientSettings.admin(SHARED))
                .doesNotContainKeys("group.id", "acks", "application.id", "topics-check-timeout");
    }

    @Test
    void shouldHandOutACopyTheClientMayChange() {
        final Map<String, Object> settings = KafkaClientSettings.consumer(SHARED);
        settings.put("group.id", "another-group");
        assertThat(KafkaClientSettings.consumer(SHARED)).containsEntry("group.id", "a-consumer-group");
    }
}
