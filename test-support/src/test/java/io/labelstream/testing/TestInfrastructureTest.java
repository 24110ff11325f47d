package io.labelstream.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestInfrastructureTest {

    private static final String TOPIC = "test-support.roundtrip";
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final int MAX_POLLS = 150;

    @Test
    void shouldCreateTopicAndRoundTripOneRecordThroughTheBroker() throws Exception {
        TestKafkaCluster.createTopics(TOPIC);
        try (Admin admin = Admin.create(TestKafkaCluster.clientProperties())) {
            assertTrue(admin.listTopics().names().get().contains(TOPIC));
        }

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                TestKafkaCluster.clientProperties(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "item-1", "hello")).get();
        }

        final List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                consumerProperties(), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            for (int poll = 0; poll < MAX_POLLS && received.isEmpty(); poll++) {
                consumer.poll(POLL_TIMEOUT).forEach(received::add);
            }
        }

        assertEquals(1, received.size());
        assertEquals("item-1", received.get(0).key());
        assertEquals("hello", received.get(0).value());
    }

    @Test
    void shouldReuseTheSameClusterWithinOneJvm() {
        assertEquals(TestKafkaCluster.bootstrapServers(), TestKafkaCluster.bootstrapServers());
    }

    @Test
    void shouldAnswerSqlOnThePostgresServer() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                TestPostgres.jdbcUrl(), TestPostgres.username(), TestPostgres.password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select 1")) {
            assertTrue(result.next());
            assertEquals(1, result.getInt(1));
        }
    }

    @Test
    void shouldHandQuarkusTheConnectionSettings() {
        final KafkaTestResource kafka = new KafkaTestResource();
        kafka.init(Map.of(KafkaTestResource.TOPICS, "test-support.a, test-support.b"));
        final Map<String, String> kafkaConfig = kafka.start();
        assertEquals(TestKafkaCluster.bootstrapServers(), kafkaConfig.get("kafka.bootstrap.servers"));

        final Map<String, String> datasourceConfig = new PostgresTestResource().start();
        assertEquals(TestPostgres.jdbcUrl(), datasourceConfig.get("quarkus.datasource.jdbc.url"));
    }

    private static Properties consumerProperties() {
        final Properties properties = TestKafkaCluster.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-support");
        // the record was produced before the consumer joined
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return properties;
    }
}
