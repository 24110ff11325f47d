package io.labelstream.bench.inference;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.testing.TestKafkaCluster;

/**
 * Reads committed predictions from the end of the topic and keeps each item's latency, for the items of one load
 * step at a time, named {@code <step>-<index>-<pool item id>}.
 *
 * <p>Times and latencies live in primitive arrays allocated once, of 8 MB each: G1 places an array larger than half
 * its region (4 MB on this benchmark's heap) in the old generation from the start and never copies it, and storing
 * numbers marks no cards. Maps from item id to send time, and latency lists that grew through each step, had made
 * the young pauses of this JVM, which are also the service's, copy some 6 MB of the reader's own bookkeeping.
 */
final class PredictionReader implements AutoCloseable {

    /** More than the fastest kind's live step offers (1.2 times its maximum for six seconds). */
    private static final int MAX_ITEMS_PER_STEP = 1_000_000;

    private final AtomicLongArray sentNanos = new AtomicLongArray(MAX_ITEMS_PER_STEP);
    private final AtomicLongArray sentWallMicros = new AtomicLongArray(MAX_ITEMS_PER_STEP);
    private final AtomicLongArray ackedWallMicros = new AtomicLongArray(MAX_ITEMS_PER_STEP);
    private final Samples latencies = new Samples();
    private final Samples serviceLatencies = new Samples();
    private final Samples commitLatencies = new Samples();
    private final Samples produceLatencies = new Samples();
    private final Samples fromTopicLatencies = new Samples();
    private final Samples fetchLatencies = new Samples();
    private final long[] readAt = new long[MAX_ITEMS_PER_STEP];
    private final KafkaConsumer<String, Prediction> consumer;
    private final Thread thread;
    private volatile String stepKeyPrefix = "\0";
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile boolean idle;
    private volatile boolean skipToEnd;

    PredictionReader() {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(settings, new StringDeserializer(), JsonSerde.of(Prediction.class));
        final List<TopicPartition> partitions = consumer.partitionsFor(Topics.PREDICTIONS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::read, "prediction-reader");
        thread.start();
    }

    /** The id of a step's item, whose prediction this reader then measures if the step is the current one. */
    static String itemId(final String step, final int index, final String poolItemId) {
        return step + "-" + index + "-" + poolItemId;
    }

    /**
     * Forgets the previous step's figures before a step of {@code count} items; predictions of items of other steps
     * are ignored from now on.
     */
    synchronized void startStep(final String step, final int count) {
        if (count > MAX_ITEMS_PER_STEP) {
            throw new IllegalArgumentException("a step of " + count + " items; at most " + MAX_ITEMS_PER_STEP);
        }
        stepKeyPrefix = step + "-";
        for (int i = 0; i < count; i++) {
            sentNanos.set(i, 0);
            ackedWallMicros.set(i, 0);
        }
        latencies.clear();
        serviceLatencies.clear();
        commitLatencies.clear();
        produceLatencies.clear();
        fromTopicLatencies.clear();
        fetchLatencies.clear();
    }

    /** Called just before the send of the current step's item {@code index}. */
    void sent(final int index) {
        sentWallMicros.set(index, micros(Instant.now()));
        sentNanos.set(index, System.nanoTime());
    }

    /** Called when the broker has acknowledged the current step's item {@code index}. */
    void acknowledged(final int index) {
        ackedWallMicros.set(index, micros(Instant.now()));
    }

    /** Stops reading until {@link #resumeFromEnd()}; returns once the reader is idle. */
    void pause() throws InterruptedException {
        idle = false;
        paused = true;
        while (!idle) {
            Thread.sleep(1);
        }
    }

    /** Reads on from the end of the topic, skipping what was published while paused. */
    void resumeFromEnd() {
        skipToEnd = true;
        paused = false;
    }

    private void read() {
        while (running) {
            if (paused) {
                idle = true;
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                continue;
            }
            if (skipToEnd) {
                consumer.seekToEnd(consumer.assignment());
                consumer.assignment().forEach(consumer::position);
                skipToEnd = false;
            }
            for (final ConsumerRecord<String, Prediction> record : consumer.poll(Duration.ofMillis(50))) {
                record(record.key(), record.value(), System.nanoTime(), micros(Instant.now()));
            }
        }
        consumer.close();
    }

    private synchronized void record(final String key, final Prediction prediction, final long nowNanos,
            final long nowWallMicros) {
        final int index = stepIndex(key);
        if (index < 0) {
            return;
        }
        final long sent = sentNanos.get(index);
        if (sent == 0) {
            return;
        }
        sentNanos.set(index, 0);
        final long sentWall = sentWallMicros.get(index);
        final long predictedAt = micros(prediction.predictedAt());
        readAt[latencies.size] = nowNanos;
        latencies.add((nowNanos - sent) / 1e6);
        serviceLatencies.add(prediction.latencyMs());
        commitLatencies.add((nowWallMicros - predictedAt) / 1e3);
        final long acked = ackedWallMicros.get(index);
        // an acknowledgement later than the prediction is possible; that item has no split
        if (acked != 0) {
            final double produced = (acked - sentWall) / 1e3;
            produceLatencies.add(produced);
            fromTopicLatencies.add((nowWallMicros - acked) / 1e3);
            fetchLatencies.add((predictedAt - sentWall) / 1e3 - prediction.latencyMs() - produced);
        }
    }

    /** The index of the current step's item, or -1 for an item of another step. */
    private int stepIndex(final String key) {
        final String prefix = stepKeyPrefix;
        if (key == null || !key.startsWith(prefix)) {
            return -1;
        }
        int index = 0;
        for (int i = prefix.length(); i < key.length() && key.charAt(i) != '-'; i++) {
            index = index * 10 + key.charAt(i) - '0';
        }
        return index;
    }

    private static long micros(final Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    synchronized int count() {
        return latencies.size;
    }

    void awaitCount(final int count, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (count() >= count) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("only " + count() + " of " + count + " predictions arrived");
    }

    /** Predictions read from {@code fromNanos} up to {@code toNanos} ({@link System#nanoTime()}). */
    synchronized long readBetween(final long fromNanos, final long toNanos) {
        return Arrays.stream(readAt, 0, latencies.size).filter(at -> at >= fromNanos && at <= toNanos).count();
    }

    /** From the send to the prediction being readable: batching, forward pass, transaction, delivery. */
    synchronized double[] latenciesMs() {
        return latencies.sorted();
    }

    /** What predictions report: from the poll that fetched the item to its prediction (wait and forward pass). */
    synchronized double[] serviceLatenciesMs() {
        return serviceLatencies.sorted();
    }

    /** From the send to the broker's acknowledgement: the load generator and the broker's append. */
    synchronized double[] produceLatenciesMs() {
        return produceLatencies.sorted();
    }

    /**
     * From the broker's acknowledgement, when the item is in {@code items.clean}, to the prediction being readable:
     * the latency from {@code items.clean} to {@code predictions}, without the load generator's own send.
     */
    synchronized double[] fromTopicLatenciesMs() {
        return fromTopicLatencies.sorted();
    }

    /** From the broker's acknowledgement to the poll of the prediction loop that fetched the item. */
    synchronized double[] fetchLatenciesMs() {
        return fetchLatencies.sorted();
    }

    /** From the prediction to its being readable: routing, the transaction's commit, read_committed delivery. */
    synchronized double[] commitLatenciesMs() {
        return commitLatencies.sorted();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }

    /** Milliseconds of one kind for a step's items, in an array allocated once. */
    private static final class Samples {

        private final double[] values = new double[MAX_ITEMS_PER_STEP];
        private int size;

        void add(final double value) {
            values[size++] = value;
        }

        void clear() {
            size = 0;
        }

        double[] sorted() {
            final double[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return sorted;
        }
    }
}
