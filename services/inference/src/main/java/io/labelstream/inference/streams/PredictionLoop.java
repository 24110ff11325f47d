package io.labelstream.inference.streams;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.labelstream.inference.domain.ModelOutput;
import io.labelstream.inference.domain.Router;
import io.labelstream.inference.domain.RoutingDecision;
import io.labelstream.inference.service.BatchPredictor;
import io.labelstream.inference.service.Champion;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.service.PredictionMetrics;
import io.labelstream.inference.service.ProjectDirectory;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.schemas.json.LabelingTaskJson;
import io.labelstream.service.health.FirstAssignment;
import io.labelstream.service.kafka.KafkaClientSettings;

/**
 * Consume-transform-produce from {@code items.clean} to {@code predictions}, {@code labels} (source=model) and
 * {@code tasks.labeling}, exactly once: each micro-batch is one Kafka transaction holding its predictions, its
 * routing decisions and the consumed offsets ({@code sendOffsetsToTransaction}). A crash before the commit aborts
 * the lot, and the next owner of the partitions predicts the batch again; read_committed consumers never see the
 * aborted attempt.
 *
 * <p>A plain consumer and transactional producer rather than Kafka Streams: the unit of work is a micro-batch
 * across all assigned partitions (one forward pass per project and chunk), which Streams' record-at-a-time tasks
 * would only give by buffering records in changelogged stores; here the batch is simply what the consumer returned
 * within the batching window, and the transaction boundary is the batch boundary. The champion is leased once per
 * project and batch, so a batch never straddles two model versions.
 *
 * <p>Topics {@code items.clean}, {@code predictions}, {@code labels} and {@code tasks.labeling} must exist.
 */
public final class PredictionLoop implements Runnable, AutoCloseable {

    public static final String INPUT_TOPIC = Topics.ITEMS_CLEAN;
    public static final String PREDICTIONS_TOPIC = Topics.PREDICTIONS;
    public static final String LABELS_TOPIC = Topics.LABELS;
    public static final String TASKS_TOPIC = Topics.TASKS_LABELING;

    private static final Logger LOG = Logger.getLogger(PredictionLoop.class);
    /** Longer than sending a batch's records takes, shorter than the producer's delivery timeout. */
    private static final Duration BATCH_LINGER = Duration.ofMillis(100);
    private static final int BATCH_BYTES = 256 * 1024;
    /**
     * A commit or the first send of a transaction that meets the previous transaction's markers still being
     * written is answered CONCURRENT_TRANSACTIONS and retried after this backoff; the client's default of 100 ms
     * made such a commit take over 100 ms. Further retries back off exponentially to {@code retry.backoff.max.ms}.
     */
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(10);
    private static final JsonSerde<CleanItem> CLEAN_ITEMS = JsonSerde.of(CleanItem.class);
    private static final JsonSerde<Prediction> PREDICTIONS = JsonSerde.of(Prediction.class);
    private static final JsonSerde<Label> LABELS = JsonSerde.of(Label.class);
    private static final JsonSerde<LabelingTask> TASKS = JsonSerde.of(LabelingTask.class);

    /**
     * @param transactionalId stable per loop and instance, so that a restart fences the previous incarnation
     * @param maxPredictTime the time a batch's predictions may take, judged from the loop's recent batches
     */
    /**
     * {@code staticMember}: the consumer joins as a static member named by the transactional id, so that a restart
     * of this instance (also after {@code kill -9}) takes its partitions back at once instead of waiting out its
     * predecessor's session timeout. Only for ids that stay with one instance across restarts.
     */
    public record Settings(String groupId, String transactionalId, boolean staticMember, int maxBatch,
            Duration maxWait, Duration maxPredictTime, Duration transactionTimeout) {
    }

    /** A consumed record and when it arrived, for its latency. */
    record Pending(ConsumerRecord<String, ByteBuffer> record, long arrivalNanos) {

        TopicPartition partition() {
            return new TopicPartition(record.topic(), record.partition());
        }
    }

    private final Settings settings;
    private final ModelRegistry registry;
    private final ProjectDirectory projects;
    private final Router router;
    private final PredictionMetrics metrics;
    private final KafkaConsumer<String, ByteBuffer> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final BatchPace pace;
    private final MicroBatcher batcher;
    private final FirstAssignment firstAssignment;
    private volatile boolean running = true;
    private Thread thread;

    public PredictionLoop(final Map<String, Object> kafka, final Settings settings, final ModelRegistry registry,
            final ProjectDirectory projects, final Router router, final PredictionMetrics metrics) {
        this.settings = settings;
        this.registry = registry;
        this.projects = projects;
        this.router = router;
        this.metrics = metrics;
        this.consumer = new KafkaConsumer<>(consumerSettings(kafka, settings), new StringDeserializer(),
                new ByteBufferDeserializer());
        this.producer = new KafkaProducer<>(producerSettings(kafka, settings), new StringSerializer(),
                new ByteArraySerializer());
        this.pace = new BatchPace(settings.maxBatch(), settings.maxPredictTime());
        this.batcher = new MicroBatcher(pace::limit, settings.maxWait(), consumer::poll);
        this.firstAssignment = new FirstAssignment(settings.groupId(), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
                batcher.forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsLost(final Collection<TopicPartition> partitions) {
                onPartitionsRevoked(partitions);
            }
        });
    }

    public void start() {
        thread = new Thread(this, "prediction-loop-" + settings.transactionalId());
        thread.start();
    }

    /** Whether the group has given this loop its partitions (see {@link FirstAssignment}). */
    public FirstAssignment firstAssignment() {
        return firstAssignment;
    }

    /** False once the loop has stopped, on request or after a failure it could not recover from. */
    public boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    @Override
    public void run() {
        try {
            init();
            while (running) {
                final List<Pending> batch = nextBatch();
                if (!batch.isEmpty()) {
                    processAndCommit(batch);
                }
            }
        } catch (final WakeupException e) {
            // stopping
        } catch (final ProducerFencedException | InvalidProducerEpochException e) {
            LOG.errorf("Prediction loop %s was fenced by a newer instance with the same id; it stops",
                    settings.transactionalId());
        } catch (final RuntimeException e) {
            LOG.errorf(e, "Prediction loop %s failed; its partitions go to the other members of the group",
                    settings.transactionalId());
        } finally {
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    void init() {
        producer.initTransactions();
        consumer.subscribe(List.of(INPUT_TOPIC), firstAssignment);
    }

    /** The next batch as {@link MicroBatcher} cuts it; empty when nothing arrived or the loop stops. */
    List<Pending> nextBatch() {
        return batcher.next(() -> running);
    }

    void processAndCommit(final List<Pending> batch) {
        final List<RoutingDecision> decisions;
        try {
            open(batch);
            decisions = decide(batch);
            send(decisions);
            producer.commitTransaction();
        } catch (final ProducerFencedException | InvalidProducerEpochException e) {
            throw e;
        } catch (final KafkaException e) {
            LOG.warnf(e, "Transaction of %d items aborted; they are predicted again", batch.size());
            producer.abortTransaction();
            rewind(batch);
            return;
        } catch (final RuntimeException e) {
            // the loop stops; an open transaction would hold the batch's offsets from the partitions' next owner
            try {
                producer.abortTransaction();
            } catch (final RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
        metrics.batch(batch.size());
        metrics.routed(decisions);
    }

    /** Predictions and routing decisions of a batch; nothing is published yet. */
    List<RoutingDecision> decide(final List<Pending> batch) {
        final Map<String, List<Pending>> byProject = new LinkedHashMap<>();
        final Map<Pending, CleanItem> items = new HashMap<>();
        for (final Pending pending : batch) {
            final CleanItem item = read(pending.record());
            if (item != null) {
                items.put(pending, item);
                byProject.computeIfAbsent(item.project(), project -> new ArrayList<>()).add(pending);
            }
        }
        final List<RoutingDecision> decisions = new ArrayList<>(items.size());
        byProject.forEach((project, pendings) -> decisions.addAll(decideProject(project, pendings, items)));
        return decisions;
    }

    private List<RoutingDecision> decideProject(final String projectId, final List<Pending> pendings,
            final Map<Pending, CleanItem> items) {
        final List<CleanItem> projectItems = pendings.stream().map(items::get).toList();
        final Optional<Champion.Lease> lease = registry.lease(projectId);
        if (lease.isEmpty()) {
            return projectItems.stream().map(router::coldStart).toList();
        }
        final Project project = projects.find(projectId).orElse(null);
        final List<RoutingDecision> decisions = new ArrayList<>(projectItems.size());
        try (Champion.Lease held = lease.get()) {
            for (int start = 0; start < projectItems.size(); start += settings.maxBatch()) {
                final int end = Math.min(projectItems.size(), start + settings.maxBatch());
                final List<CleanItem> chunk = projectItems.subList(start, end);
                final long[] arrivals = pendings.subList(start, end).stream()
                        .mapToLong(Pending::arrivalNanos).toArray();
                final BatchPredictor.Outputs predicted = BatchPredictor.predict(held.champion(), chunk, arrivals);
                // the forward passes only: the wait for a predictor that the other loop holds does not grow with
                // this batch's size, and counted per item it would shrink batches in the very burst they serve
                pace.record(chunk.size(), predicted.predictingNanos());
                final List<ModelOutput> outputs = predicted.outputs();
                for (int i = 0; i < chunk.size(); i++) {
                    decisions.add(outputs.get(i) == null
                            ? router.unreadable(chunk.get(i))
                            : router.route(chunk.get(i), project, outputs.get(i)));
                }
            }
        }
        return decisions;
    }

    /**
     * Opens the batch's transaction with its consumed offsets, before its forward passes: the two round trips to the
     * coordinators then overlap the wait for a predictor that the other loop holds, rather than adding to the time
     * between the batch's last forward pass and its commit.
     */
    void open(final List<Pending> batch) {
        producer.beginTransaction();
        producer.sendOffsetsToTransaction(nextOffsets(batch), consumer.groupMetadata());
    }

    /** Sends a batch's records into its open transaction; nothing is visible to read_committed readers yet. */
    void send(final List<RoutingDecision> decisions) {
        for (final RoutingDecision decision : decisions) {
            final String key = decision.item().itemId();
            final byte[] prediction = PREDICTIONS.serialize(PREDICTIONS_TOPIC, decision.prediction());
            if (prediction != null) {
                producer.send(new ProducerRecord<>(PREDICTIONS_TOPIC, key, prediction));
            }
            if (decision.label() != null) {
                producer.send(new ProducerRecord<>(LABELS_TOPIC, key,
                        LABELS.serialize(LABELS_TOPIC, decision.label())));
            }
            if (decision.task() != null) {
                producer.send(new ProducerRecord<>(TASKS_TOPIC, key,
                        prediction != null && decision.task().prediction() == decision.prediction()
                                ? LabelingTaskJson.write(decision.task(), prediction)
                                : TASKS.serialize(TASKS_TOPIC, decision.task())));
            }
        }
    }

    /**
     * Stops without committing, as a killed process would: the open transaction stays for the next owner of the
     * transactional id to abort. The consumer still leaves the group, so that the next owner of the partitions
     * does not wait out the session timeout.
     */
    void abandon() {
        running = false;
        producer.close(Duration.ZERO);
        consumer.close(Duration.ofSeconds(5));
    }

    private void rewind(final List<Pending> batch) {
        batcher.rewind(batch).forEach(consumer::seek);
    }

    private CleanItem read(final ConsumerRecord<String, ByteBuffer> record) {
        try {
            final CleanItem item = CLEAN_ITEMS.deserialize(record.topic(), record.headers(), record.value());
            if (item != null && item.itemId() != null && item.project() != null) {
                return item;
            }
        } catch (final RuntimeException e) {
            LOG.debugf(e, "Unreadable clean item at %s-%d@%d", record.topic(), record.partition(), record.offset());
        }
        LOG.warnf("Skipping %s-%d@%d: not a clean item", record.topic(), record.partition(), record.offset());
        metrics.unreadableRecord();
        return null;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(final List<Pending> batch) {
        return batch.stream().collect(Collectors.toMap(Pending::partition,
                pending -> new OffsetAndMetadata(pending.record().offset() + 1),
                (a, b) -> a.offset() >= b.offset() ? a : b));
    }

    @Override
    public void close() {
        running = false;
        if (thread == null) {
            consumer.close(Duration.ZERO);
            producer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(30_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> consumerSettings(final Map<String, Object> kafka, final Settings settings) {
        final Map<String, Object> values = KafkaClientSettings.consumer(kafka);
        values.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        if (settings.staticMember()) {
            values.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.transactionalId());
        }
        values.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        values.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        values.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        values.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        values.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-consumer");
        return values;
    }

    private static Map<String, Object> producerSettings(final Map<String, Object> kafka, final Settings settings) {
        final Map<String, Object> values = KafkaClientSettings.producer(kafka);
        values.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        values.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) settings.transactionTimeout().toMillis());
        values.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        values.put(ProducerConfig.ACKS_CONFIG, "all");
        // nothing of a transaction is readable before its commit, whose flush sends what is left: lingering that
        // long turns a batch's records into a few large produce requests instead of one or two per record
        values.put(ProducerConfig.LINGER_MS_CONFIG, (int) BATCH_LINGER.toMillis());
        values.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        values.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, (int) RETRY_BACKOFF.toMillis());
        values.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer");
        return values;
    }
}
