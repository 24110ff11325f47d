package io.labelstream.inference.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.service.kafka.KafkaClientSettings;

/**
 * Reads a whole topic from the beginning, then keeps following it, on its own thread and without a consumer group:
 * every instance needs every record of {@code models} and {@code projects}, not a share of them. Reports when it has
 * caught up with the end offsets it found at start, so that the service predicts nothing before it knows the
 * current champions and policies.
 */
public final class TopicFollower<T> implements AutoCloseable {

    /** What the follower does with records; {@link #caughtUp()} runs once, after the replay. */
    public interface Listener<T> {

        void onRecord(String key, T value);

        default void caughtUp() {
        }
    }

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    private final String topic;
    private final JsonSerde<T> serde;
    private final Listener<T> listener;
    private final KafkaConsumer<String, byte[]> consumer;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public TopicFollower(final Map<String, Object> kafka, final String topic, final Class<T> type,
            final Listener<T> listener) {
        this.topic = topic;
        this.serde = JsonSerde.of(type);
        this.listener = listener;
        final Map<String, Object> settings = KafkaClientSettings.consumer(kafka);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "follow-" + topic);
        this.thread.setDaemon(true);
    }

    public TopicFollower<T> start() {
        thread.start();
        return this;
    }

    public boolean awaitCaughtUp(final Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        try {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofMinutes(1)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (!isCaughtUp() && reached(end)) {
                    listener.caughtUp();
                    caughtUp.countDown();
                }
            }
        } catch (final WakeupException e) {
            // closing
        } catch (final RuntimeException e) {
            LOG.errorf(e, "Stopped following %s", topic);
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    private void apply(final ConsumerRecord<String, byte[]> record) {
        final T value;
        try {
            value = serde.deserialize(topic, record.value());
        } catch (final RuntimeException e) {
            LOG.warnf("Skipping unreadable record %s-%d@%d: %s", topic, record.partition(), record.offset(), e);
            return;
        }
        listener.onRecord(record.key(), value);
    }

    private boolean reached(final Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(entry -> consumer.position(entry.getKey()) >= entry.getValue());
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
