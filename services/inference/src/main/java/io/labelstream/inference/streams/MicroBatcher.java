package io.labelstream.inference.streams;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import io.labelstream.inference.streams.PredictionLoop.Pending;

/**
 * Cuts what a consumer returns into batches of at most {@code limit} records, a limit read anew for each batch.
 * A batch closes when full, when its first item has waited {@code maxWait}, or when the assigned partitions are
 * drained: a poll that brings nothing within {@link #DRAINED_POLL}. The first poll often returns the response to a
 * fetch sent during the previous batch, answered as soon as its first record arrived; the next poll fetches what
 * arrived since, so that the batch holds what is there rather than waiting out {@code maxWait}. A poll can bring
 * more than a full batch has room for; the rest starts the next batch.
 */
final class MicroBatcher {

    /** One poll of the consumer. */
    @FunctionalInterface
    interface Poller {
        ConsumerRecords<String, ByteBuffer> poll(Duration timeout);
    }

    static final Duration IDLE_POLL = Duration.ofMillis(100);
    static final Duration DRAINED_POLL = Duration.ofMillis(2);

    private final IntSupplier limit;
    private final Duration maxWait;
    private final Poller poller;
    private final List<Pending> batch = new ArrayList<>();
    private final ArrayDeque<Pending> carried = new ArrayDeque<>();

    MicroBatcher(final IntSupplier limit, final Duration maxWait, final Poller poller) {
        this.limit = limit;
        this.maxWait = maxWait;
        this.poller = poller;
    }

    /** The next batch, empty when nothing arrived within the idle poll or {@code running} turned false. */
    List<Pending> next(final BooleanSupplier running) {
        batch.clear();
        final int maxBatch = limit.getAsInt();
        while (!carried.isEmpty() && batch.size() < maxBatch) {
            batch.add(carried.poll());
        }
        long deadline = batch.isEmpty() ? Long.MAX_VALUE : batch.get(0).arrivalNanos() + maxWait.toNanos();
        while (running.getAsBoolean() && batch.size() < maxBatch) {
            final long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            final Duration timeout = deadline == Long.MAX_VALUE ? IDLE_POLL
                    : Duration.ofNanos(Math.min(deadline - now, DRAINED_POLL.toNanos()));
            final ConsumerRecords<String, ByteBuffer> records = poller.poll(timeout);
            if (records.isEmpty() && deadline != Long.MAX_VALUE) {
                break;
            }
            final long arrival = System.nanoTime();
            for (final ConsumerRecord<String, ByteBuffer> record : records) {
                (batch.size() < maxBatch ? batch : carried).add(new Pending(record, arrival));
            }
            if (deadline == Long.MAX_VALUE && !batch.isEmpty()) {
                deadline = batch.get(0).arrivalNanos() + maxWait.toNanos();
            }
        }
        return List.copyOf(batch);
    }

    /**
     * Drops what was fetched from partitions this loop no longer owns, also from the batch being assembled (a
     * rebalance runs inside a poll): nothing of it is in a transaction yet, and the next owner fetches it again from
     * the committed offset.
     */
    void forget(final Collection<TopicPartition> partitions) {
        batch.removeIf(pending -> partitions.contains(pending.partition()));
        carried.removeIf(pending -> partitions.contains(pending.partition()));
    }

    /**
     * The first offset per partition of {@code aborted} and of the records carried past it, which are dropped: the
     * consumer goes back there and fetches all of them again.
     */
    Map<TopicPartition, Long> rewind(final List<Pending> aborted) {
        final Map<TopicPartition, Long> first = new HashMap<>();
        for (final Pending pending : aborted) {
            first.merge(pending.partition(), pending.record().offset(), Math::min);
        }
        for (final Pending pending : carried) {
            first.merge(pending.partition(), pending.record().offset(), Math::min);
        }
        carried.clear();
        return first;
    }
}
