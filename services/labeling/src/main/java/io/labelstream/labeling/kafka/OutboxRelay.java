package io.labelstream.labeling.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.labelstream.schemas.json.Json;
import io.labelstream.service.kafka.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the outbox ({@code labeling.outbox}) to Kafka: each row exactly once, in id order, in Kafka
 * transactions. Reads the outbox table; writes whatever topics its rows name ({@code labels}, {@code projects}).
 *
 * <p>Exactly once across crashes: before a batch goes to Kafka the relay records, in the database, that a batch is
 * in doubt. After the Kafka commit it marks the rows published together with the end offsets it wrote (its
 * checkpoint) and clears the doubt. If it dies in between, the next relay first lets {@code initTransactions}
 * finish or abort the old transaction (same transactional id), then reads each partition from the checkpoint
 * (read_committed) and marks every row whose id it finds in a record header as published, so nothing is sent
 * twice; rows it does not find were aborted and go out again, so nothing is lost.
 *
 * <p>Only one relay works at a time: it holds a PostgreSQL session advisory lock on its own connection; other
 * instances stand by until that connection goes away.
 */
public final class OutboxRelay implements AutoCloseable {

    public static final String OUTBOX_ID_HEADER = "labelstream-outbox-id";
    private static final long LEADER_LOCK = 0x6c7374726561L;
    private static final Duration RECOVERY_POLL = Duration.ofMillis(500);
    /** Longer than the broker's default transaction timeout (1 minute), after which open transactions abort. */
    private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(2);
    private static final TypeReference<TreeMap<String, Long>> CHECKPOINTS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final Map<String, Object> kafkaSettings;
    private final String transactionalId;
    private final int batchSize;
    private Connection leaderConnection;
    private KafkaProducer<String, String> producer;

    private record Row(long id, String topic, String key, String payload) {
    }

    /**
     * @param kafkaSettings client settings, at least {@code bootstrap.servers}; keys clients do not know are ignored
     */
    public OutboxRelay(final DataSource dataSource, final Map<String, Object> kafkaSettings,
            final String transactionalId, final int batchSize) {
        this.dataSource = dataSource;
        this.kafkaSettings = Map.copyOf(kafkaSettings);
        this.transactionalId = transactionalId;
        this.batchSize = batchSize;
    }

    /**
     * Publishes one batch. Returns the rows published: 0 when the outbox is empty or another instance relays.
     * Throws when Kafka or the database fails; the next call starts clean (after {@link #reset()}).
     */
    public int relayOnce() throws SQLException {
        if (!lead()) {
            return 0;
        }
        ensureProducer();
        final State state = readState();
        if (state.inDoubt()) {
            recover(state.checkpoints());
        } else {
            startCheckpointsOfNewTopics(state.checkpoints());
        }
        final List<Row> rows = unpublished();
        if (rows.isEmpty()) {
            return 0;
        }
        setInDoubt();
        final Map<String, Long> written = publish(rows);
        confirm(rows.stream().map(Row::id).toList(), merge(readState().checkpoints(), written));
        return rows.size();
    }

    /** Drops the producer and the database connection after a failure; the next batch begins with recovery. */
    public void reset() {
        closeProducer();
        closeLeaderConnection();
    }

    @Override
    public void close() {
        reset();
    }

    private boolean lead() throws SQLException {
        if (leaderConnection != null && leaderConnection.isValid(2)) {
            return true;
        }
        closeLeaderConnection();
        final Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, LEADER_LOCK);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getBoolean(1)) {
                    leaderConnection = connection;
                    return true;
                }
            }
        }
        connection.close();
        return false;
    }

    private void ensureProducer() {
        if (producer != null) {
            return;
        }
        final Map<String, Object> settings = KafkaClientSettings.producer(kafkaSettings);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        settings.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        final KafkaProducer<String, String> created =
                new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
        try {
            // fences any earlier relay with this id and ends its open transaction, before recovery reads
            created.initTransactions();
        } catch (final RuntimeException e) {
            created.close(Duration.ZERO);
            throw e;
        }
        producer = created;
    }

    private Map<String, Long> publish(final List<Row> rows) {
        producer.beginTransaction();
        try {
            final List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
            for (final Row row : rows) {
                final ProducerRecord<String, String> record =
                        new ProducerRecord<>(row.topic(), null, row.key(), row.payload());
                record.headers().add(OUTBOX_ID_HEADER, Long.toString(row.id()).getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(record));
            }
            producer.commitTransaction();
            final Map<String, Long> next = new HashMap<>();
            for (final Future<RecordMetadata> future : sent) {
                final RecordMetadata metadata = future.get();
                next.merge(key(new TopicPartition(metadata.topic(), metadata.partition())), metadata.offset() + 1,
                        Math::max);
            }
            return next;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the outbox", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("Kafka did not take an outbox batch", e.getCause());
        } catch (final RuntimeException e) {
            abortQuietly();
            throw e;
        }
    }

    private void recover(final Map<String, Long> checkpoints) throws SQLException {
        final Set<String> topics = new LinkedHashSet<>(topicsOf(checkpoints));
        topics.addAll(unpublishedTopics());
        final Map<String, Object> settings = KafkaClientSettings.consumer(kafkaSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        final Set<Long> published = new HashSet<>();
        final Map<String, Long> ends = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> partitions = partitionsOf(consumer, topics);
            consumer.assign(partitions);
            // the high watermark, not the last stable offset: a transaction of another producer that is still open
            // could hide records this relay committed after it; reading on until it ends shows them
            final Map<TopicPartition, Long> endOffsets = highWatermarks(partitions);
            final Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            final long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
            for (final TopicPartition partition : partitions) {
                final long from = Math.max(beginnings.get(partition),
                        checkpoints.getOrDefault(key(partition), beginnings.get(partition)));
                consumer.seek(partition, from);
                ends.put(key(partition), endOffsets.get(partition));
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < endOffsets.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Transactions on " + topics + " stayed open for more than "
                            + RECOVERY_LIMIT + "; the relay tries again later");
                }
                for (final ConsumerRecord<String, String> record : consumer.poll(RECOVERY_POLL)) {
                    final Header header = record.headers().lastHeader(OUTBOX_ID_HEADER);
                    if (header != null) {
                        published.add(Long.parseLong(new String(header.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        confirm(List.copyOf(published), merge(checkpoints, ends));
    }

    /**
     * A topic the relay has not written yet gets its checkpoint at the current end, while no batch is in doubt, so
     * that a later recovery reads only what the relay may have written, not the records of other producers.
     */
    private void startCheckpointsOfNewTopics(final Map<String, Long> checkpoints) throws SQLException {
        final Set<String> topics = unpublishedTopics();
        topics.removeAll(topicsOf(checkpoints));
        if (topics.isEmpty()) {
            return;
        }
        final Map<String, Object> settings = KafkaClientSettings.consumer(kafkaSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        final Map<String, Long> ends = new TreeMap<>(checkpoints);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> partitions = partitionsOf(consumer, topics);
            consumer.assign(partitions);
            consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(key(partition), end));
        }
        try (PreparedStatement statement = leaderConnection.prepareStatement(
                "UPDATE labeling.outbox_relay_state SET checkpoints = ? WHERE id = 1")) {
            statement.setString(1, json(ends));
            statement.executeUpdate();
        }
    }

    private Map<TopicPartition, Long> highWatermarks(final List<TopicPartition> partitions) {
        final Map<String, Object> settings = KafkaClientSettings.consumer(kafkaSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            return consumer.endOffsets(partitions);
        }
    }

    private static List<TopicPartition> partitionsOf(final KafkaConsumer<?, ?> consumer, final Set<String> topics) {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final String topic : topics) {
            for (final PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    private record State(boolean inDoubt, Map<String, Long> checkpoints) {
    }

    private State readState() throws SQLException {
        try (Statement statement = leaderConnection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT in_doubt, checkpoints FROM labeling.outbox_relay_state WHERE id = 1")) {
            row.next();
            return new State(row.getBoolean(1), Json.MAPPER.readValue(row.getString(2), CHECKPOINTS));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("The relay checkpoints are not valid JSON", e);
        }
    }

    private List<Row> unpublished() throws SQLException {
        final List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = leaderConnection.prepareStatement(
                "SELECT id, topic, record_key, payload FROM labeling.outbox WHERE published_at IS NULL "
                        + "ORDER BY id LIMIT ?")) {
            statement.setInt(1, batchSize);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new Row(row.getLong(1), row.getString(2), row.getString(3), row.getString(4)));
                }
            }
        }
        return rows;
    }

    private Set<String> unpublishedTopics() throws SQLException {
        final Set<String> topics = new LinkedHashSet<>();
        try (Statement statement = leaderConnection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT DISTINCT topic FROM labeling.outbox WHERE published_at IS NULL")) {
            while (row.next()) {
                topics.add(row.getString(1));
            }
        }
        return topics;
    }

    private void setInDoubt() throws SQLException {
        try (Statement statement = leaderConnection.createStatement()) {
            statement.executeUpdate("UPDATE labeling.outbox_relay_state SET in_doubt = true WHERE id = 1");
        }
    }

    private void confirm(final List<Long> ids, final Map<String, Long> checkpoints) throws SQLException {
        leaderConnection.setAutoCommit(false);
        try {
            if (!ids.isEmpty()) {
                try (PreparedStatement statement = leaderConnection.prepareStatement(
                        "UPDATE labeling.outbox SET published_at = now() WHERE id = ANY (?) AND published_at IS NULL")) {
                    final Array array = leaderConnection.createArrayOf("bigint", ids.toArray());
                    statement.setArray(1, array);
                    statement.executeUpdate();
                }
            }
            try (PreparedStatement statement = leaderConnection.prepareStatement(
                    "UPDATE labeling.outbox_relay_state SET in_doubt = false, checkpoints = ? WHERE id = 1")) {
                statement.setString(1, json(checkpoints));
                statement.executeUpdate();
            }
            leaderConnection.commit();
        } catch (final SQLException | RuntimeException e) {
            leaderConnection.rollback();
            throw e;
        } finally {
            leaderConnection.setAutoCommit(true);
        }
    }

    private static Map<String, Long> merge(final Map<String, Long> before, final Map<String, Long> after) {
        final Map<String, Long> merged = new TreeMap<>(before);
        after.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
        return merged;
    }

    private static Set<String> topicsOf(final Map<String, Long> checkpoints) {
        return checkpoints.keySet().stream()
                .map(partition -> partition.substring(0, partition.lastIndexOf('-')))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String key(final TopicPartition partition) {
        return partition.topic() + "-" + partition.partition();
    }

    private static String json(final Map<String, Long> checkpoints) {
        try {
            return Json.MAPPER.writeValueAsString(checkpoints);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (final RuntimeException e) {
            // the producer is dropped below; the next relay's initTransactions ends the transaction instead
        }
        closeProducer();
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(1));
            producer = null;
        }
    }

    private void closeLeaderConnection() {
        if (leaderConnection != null) {
            try {
                leaderConnection.close();
            } catch (final SQLException e) {
                // already broken; closing gives the advisory lock back either way
            }
            leaderConnection = null;
        }
    }
}
