package io.labelstream.labeling.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import io.labelstream.service.kafka.KafkaClientSettings;

/**
 * A Kafka consumer on a thread of its own, started and stopped with the service. After a failure it starts over
 * with a new consumer, which {@link #attach attaches} again (from the committed offsets, or wherever it seeks).
 */
abstract class ConsumerThread {

    private static final Logger LOG = Logger.getLogger(ConsumerThread.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final String name;
    private final Map<String, Object> settings;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    /**
     * The consumer settings of the service's Kafka configuration, read_committed, without auto-commit and without a
     * group unless the overrides name one.
     */
    ConsumerThread(final String name, final Map<String, Object> kafkaConfig, final Map<String, Object> overrides) {
        this.name = name;
        this.settings = KafkaClientSettings.consumer(kafkaConfig);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.putAll(overrides);
    }

    /** Subscribes or assigns; called for every new consumer, the first and each one after a failure. */
    abstract void attach(KafkaConsumer<String, String> consumer);

    abstract void handle(ConsumerRecords<String, String> records, KafkaConsumer<String, String> consumer);

    void start() {
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        final KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> created =
                    new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
                consumer = created;
                attach(created);
                while (running) {
                    final ConsumerRecords<String, String> records = created.poll(POLL);
                    if (!records.isEmpty()) {
                        handle(records, created);
                    }
                }
            } catch (final WakeupException e) {
                return;
            } catch (final RuntimeException e) {
                LOG.warnf("%s failed (%s); starting over in %s", name, e, RETRY);
                sleep();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
