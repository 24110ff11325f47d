package io.labelstream.labeling;

import static org.awaitility.Awaitility.await;

import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.json.Json;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.testing.TestKafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads what the service wrote: rows through JDBC, and committed records of the labels and projects topics. */
public final class TopicsAndTables {

    /** The topics the service reads and writes, created in each test's broker. */
    public static final String TOPICS = Topics.ITEMS_CLEAN + "," + Topics.ITEMS_DUPLICATES + ","
            + Topics.TASKS_LABELING + "," + Topics.LABELS + "," + Topics.MODELS + "," + Topics.TRAINING_PROGRESS + ","
            + Topics.PROJECTS + "," + Topics.PREDICTIONS;

    private TopicsAndTables() {
    }

    public static long count(final DataSource dataSource, final String sql, final Object... parameters) {
        return value(dataSource, sql, Long.class, parameters);
    }

    /** The first column of the query's first row. */
    public static <T> T value(final DataSource dataSource, final String sql, final Class<T> type,
            final Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("No row for " + sql);
                }
                return row.getObject(1, type);
            }
        } catch (final SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the relay has published everything in the outbox. */
    public static void awaitOutboxDrained(final DataSource dataSource) {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count(dataSource, "SELECT count(*) FROM labeling.outbox WHERE published_at IS NULL") == 0);
    }

    /** Every committed label event of the project, after the outbox is drained. */
    public static List<Label> labelsOf(final DataSource dataSource, final String project) {
        awaitOutboxDrained(dataSource);
        final List<Label> labels = new ArrayList<>();
        for (final String value : committedValues(Topics.LABELS)) {
            try {
                final Label label = Json.MAPPER.readValue(value, Label.class);
                if (project.equals(label.project())) {
                    labels.add(label);
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return labels;
    }

    /**
     * Every committed value of the topic. A producer's commit returns before the broker has written the commit
     * markers, so this first waits until no transaction is pending (the last stable offset reached the end).
     */
    public static List<String> committedValues(final String topic) {
        await().atMost(Duration.ofSeconds(60)).until(() -> endOffsets(topic, "read_committed")
                .equals(endOffsets(topic, "read_uncommitted")));
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static Map<TopicPartition, Long> endOffsets(final String topic, final String isolation) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
                new StringDeserializer(), new StringDeserializer())) {
            return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList());
        }
    }

    /** A producer of plain strings to the test broker, as an upstream service's client would be. */
    public static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    /** A labeling task on its topic, keyed by item, as inference publishes one. */
    public static void sendTask(final KafkaProducer<String, String> producer, final LabelingTask task) {
        producer.send(new ProducerRecord<>(Topics.TASKS_LABELING, task.itemId(), new String(
                JsonSerde.of(LabelingTask.class).serialize(Topics.TASKS_LABELING, task), StandardCharsets.UTF_8)));
    }
}
