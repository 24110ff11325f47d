package io.labelstream.labeling.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.labelstream.testing.TestKafkaCluster;
import io.labelstream.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The relay against a real broker and a real database (each test its own database and topic): Kafka unreachable
 * then reachable, and a relay that died after or during its Kafka transaction.
 */
class OutboxRelayTest {

    private static final String TRANSACTIONAL_ID = "outbox-relay-test";

    private PGSimpleDataSource dataSource;
    private String topic;
    private String transactionalId;

    @BeforeEach
    void freshDatabaseAndTopic() throws SQLException {
        final String name = "relay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = java.sql.DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.username(),
                TestPostgres.password()); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestPostgres.jdbcUrl().replaceFirst("/postgres\\?", "/" + name + "?"));
        dataSource.setUser(TestPostgres.username());
        dataSource.setPassword(TestPostgres.password());
        Flyway.configure().dataSource(dataSource).schemas("labeling").locations("classpath:db/migration").load().migrate();
        topic = "outbox-test-" + name;
        transactionalId = TRANSACTIONAL_ID + "-" + name;
        TestKafkaCluster.createTopics(topic);
    }

    @Test
    void shouldPublishEveryRowOnceWhenKafkaIsUnreachableFirstAndReachableLater() throws Exception {
        insertRows(40);
        try (OutboxRelay unreachable = relay("127.0.0.1:1")) {
            assertThatThrownBy(unreachable::relayOnce).isInstanceOf(RuntimeException.class);
        }
        assertThat(unpublishedCount()).isEqualTo(40);

        insertRows(10);
        drain(relay(TestKafkaCluster.bootstrapServers()));

        assertThat(outboxIdsInTopic()).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
        assertThat(unpublishedCount()).isZero();
    }

    @Test
    void shouldNotPublishAgainWhatReachedKafkaBeforeTheRelayDied() throws Exception {
        insertRows(5);
        drain(relay(TestKafkaCluster.bootstrapServers()));
        insertRows(5);
        // a relay committed rows 6..8 to Kafka, then died before marking them published
        try (KafkaProducer<String, String> crashed = transactionalProducer()) {
            crashed.initTransactions();
            crashed.beginTransaction();
            for (long id = 6; id <= 8; id++) {
                crashed.send(record(id));
            }
            crashed.commitTransaction();
        }
        markInDoubt();

        drain(relay(TestKafkaCluster.bootstrapServers()));

        assertThat(outboxIdsInTopic()).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        assertThat(unpublishedCount()).isZero();
    }

    @Test
    void shouldFindItsRecordsBehindAnotherProducersOpenTransaction() throws Exception {
        insertRows(2);
        drain(relay(TestKafkaCluster.bootstrapServers()));
        insertRows(3);
        try (KafkaProducer<String, String> other = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "other-" + transactionalId),
                new StringSerializer(), new StringSerializer())) {
            // another producer of the topic opens a transaction; the relay commits rows 3..5 after it, then dies
            other.initTransactions();
            other.beginTransaction();
            other.send(new ProducerRecord<>(topic, "other", "{}"));
            other.flush();
            try (KafkaProducer<String, String> crashed = transactionalProducer()) {
                crashed.initTransactions();
                crashed.beginTransaction();
                for (long id = 3; id <= 5; id++) {
                    crashed.send(record(id));
                }
                crashed.commitTransaction();
            }
            markInDoubt();
            final Thread commitLater = new Thread(() -> {
                sleepQuietly(1_500);
                other.commitTransaction();
            });
            commitLater.start();

            drain(relay(TestKafkaCluster.bootstrapServers()));
            commitLater.join();
        }

        assertThat(outboxIdsInTopic()).containsExactlyElementsOf(LongStream.rangeClosed(1, 5).boxed().toList());
    }

    @Test
    void shouldPublishAgainWhatTheDeadRelayNeverCommitted() throws Exception {
        insertRows(6);
        // a relay sent rows 1..4 in a transaction and died before committing it
        final KafkaProducer<String, String> crashed = transactionalProducer();
        crashed.initTransactions();
        crashed.beginTransaction();
        for (long id = 1; id <= 4; id++) {
            crashed.send(record(id));
        }
        crashed.flush();
        markInDoubt();

        drain(relay(TestKafkaCluster.bootstrapServers()));
        crashed.close(Duration.ZERO);

        assertThat(outboxIdsInTopic()).containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
    }

    @Test
    void shouldLetOnlyOneRelayWorkAtATime() throws Exception {
        insertRows(3);
        try (OutboxRelay leader = relay(TestKafkaCluster.bootstrapServers());
                OutboxRelay standby = relay(TestKafkaCluster.bootstrapServers())) {
            assertThat(leader.relayOnce()).isEqualTo(3);
            insertRows(2);
            assertThat(standby.relayOnce()).isZero();
            assertThat(leader.relayOnce()).isEqualTo(2);
        }
    }

    private OutboxRelay relay(final String bootstrapServers) {
        return new OutboxRelay(dataSource, Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000), transactionalId, 4);
    }

    private static void drain(final OutboxRelay relay) throws SQLException {
        try (relay) {
            while (relay.relayOnce() > 0) {
                // one batch after another until the outbox is empty
            }
        }
    }

    private KafkaProducer<String, String> transactionalProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
                new StringSerializer(), new StringSerializer());
    }

    private ProducerRecord<String, String> record(final long id) {
        final ProducerRecord<String, String> record = new ProducerRecord<>(topic, "key-" + id, "{\"n\":" + id + "}");
        record.headers().add(OutboxRelay.OUTBOX_ID_HEADER, Long.toString(id).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private void insertRows(final int count) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO labeling.outbox (topic, record_key, payload) VALUES (?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                statement.setString(1, topic);
                statement.setString(2, "key");
                statement.setString(3, "{}");
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private void markInDoubt() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE labeling.outbox_relay_state SET in_doubt = true");
        }
    }

    private long unpublishedCount() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT count(*) FROM labeling.outbox WHERE published_at IS NULL")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void sleepQuietly(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The outbox ids of every committed record of the topic, in topic order (records of other producers aside). */
    private List<Long> outboxIdsInTopic() {
        final List<Long> ids = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.headers().lastHeader(OutboxRelay.OUTBOX_ID_HEADER) != null) {
                        ids.add(Long.parseLong(new String(record.headers().lastHeader(OutboxRelay.OUTBOX_ID_HEADER)
                                .value(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return ids;
    }
}
