package io.labelstream.inference.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final TopicPartition FIRST = new TopicPartition("items.clean", 0);
    private static final TopicPartition SECOND = new TopicPartition("items.clean", 1);

    /** Answers polls with the queued record lists in order, then with nothing. */
    private final Queue<List<ConsumerRecord<String, ByteBuffer>>> polls = new ArrayDeque<>();

    @Test
    void shouldCarryWhatAPollBringsBeyondAFullBatchIntoTheNextBatch() {
        polls.add(records(FIRST, 0, 2));
        polls.add(records(SECOND, 0, 5));
        final MicroBatcher batcher = new MicroBatcher(() -> 4, HOUR, this::poll);

        final List<PredictionLoop.Pending> first = batcher.next(() -> true);
        final List<PredictionLoop.Pending> second = batcher.next(() -> true);

        assertThat(keys(first)).containsExactly("0-0", "0-1", "1-0", "1-1");
        assertThat(keys(second)).containsExactly("1-2", "1-3", "1-4");
    }

    @Test
    void shouldReadTheLimitAnewForEachBatch() {
        polls.add(records(FIRST, 0, 6));
        final Queue<Integer> limits = new ArrayDeque<>(List.of(2, 3));
        final MicroBatcher batcher = new MicroBatcher(limits::poll, HOUR, this::poll);

        assertThat(keys(batcher.next(() -> true))).containsExactly("0-0", "0-1");
        assertThat(keys(batcher.next(() -> true))).containsExactly("0-2", "0-3", "0-4");
    }

    @Test
    void shouldCloseABatchWhenAPollAfterTheFirstRecordsBringsNothing() {
        polls.add(records(FIRST, 0, 3));
        polls.add(List.of());
        polls.add(records(FIRST, 3, 2));
        final MicroBatcher batcher = new MicroBatcher(() -> 100, HOUR, this::poll);

        assertThat(keys(batcher.next(() -> true))).containsExactly("0-0", "0-1", "0-2");
        assertThat(keys(batcher.next(() -> true))).containsExactly("0-3", "0-4");
    }

    @Test
    void shouldDropCarriedRecordsOfRevokedPartitions() {
        polls.add(records(FIRST, 0, 3));
        polls.add(records(SECOND, 0, 3));
        final MicroBatcher batcher = new MicroBatcher(() -> 2, HOUR, this::poll);
        assertThat(keys(batcher.next(() -> true))).containsExactly("0-0", "0-1");

        batcher.forget(List.of(FIRST));

        assertThat(keys(batcher.next(() -> true))).containsExactly("1-0", "1-1");
    }

    @Test
    void shouldRewindAnAbortedBatchAndTheRecordsCarriedPastIt() {
        polls.add(records(FIRST, 10, 3));
        polls.add(records(SECOND, 20, 3));
        final MicroBatcher batcher = new MicroBatcher(() -> 4, HOUR, this::poll);
        final List<PredictionLoop.Pending> aborted = batcher.next(() -> true);

        assertThat(batcher.rewind(aborted)).isEqualTo(Map.of(FIRST, 10L, SECOND, 20L));
        polls.add(records(SECOND, 20, 3));
        assertThat(keys(batcher.next(() -> true))).containsExactly("1-20", "1-21", "1-22");
    }

    private ConsumerRecords<String, ByteBuffer> poll(final Duration timeout) {
        final List<ConsumerRecord<String, ByteBuffer>> next = polls.poll();
        if (next == null || next.isEmpty()) {
            return ConsumerRecords.empty();
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(next.get(0).topic(), next.get(0).partition()), next),
                Map.of());
    }

    private static List<ConsumerRecord<String, ByteBuffer>> records(final TopicPartition partition, final int from,
            final int count) {
        return IntStream.range(from, from + count).mapToObj(offset -> new ConsumerRecord<>(partition.topic(),
                partition.partition(), offset, partition.partition() + "-" + offset, ByteBuffer.allocate(0))).toList();
    }

    private static List<String> keys(final List<PredictionLoop.Pending> batch) {
        final List<String> keys = new ArrayList<>();
        batch.forEach(pending -> keys.add(pending.record().key()));
        return keys;
    }
}
