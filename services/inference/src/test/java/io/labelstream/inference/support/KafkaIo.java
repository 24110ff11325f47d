package io.labelstream.inference.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.testing.TestKafkaCluster;

/** Writing and reading the platform's topics in tests, with the platform's serde. */
public final class KafkaIo {

    private KafkaIo() {
    }

    public static <T> void send(final String topic, final String key, final T value) {
        sendAll(topic, List.of(new Keyed<>(key, value)));
    }

    public static <T> void sendAll(final String topic, final List<Keyed<T>> records) {
        final Properties properties = TestKafkaCluster.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(properties, new StringSerializer(),
                JsonSerde.of(Object.class))) {
            for (final Keyed<T> record : records) {
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
            }
            producer.flush();
        }
    }

    /**
     * Reads committed records from the beginning until {@code done} holds for those matching {@code filter}, or the
     * timeout passes, then keeps reading for {@code settle} to catch records that should not be there.
     */
    public static <T> List<T> readCommitted(final String topic, final Class<T> type, final Predicate<T> filter,
            final Predicate<List<T>> done, final Duration timeout, final Duration settle) {
        final Properties properties = TestKafkaCluster.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                JsonSerde.of(type))) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            boolean settling = false;
            while (true) {
                // checked before the first poll too, so that "nothing must be there" reads for the whole settle time
                if (!settling && done.test(found)) {
                    settling = true;
                    deadline = Instant.now().plus(settle);
                }
                if (!Instant.now().isBefore(deadline)) {
                    break;
                }
                for (final ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && filter.test(record.value())) {
                        found.add(record.value());
                    }
                }
            }
        }
        return found;
    }

    public static CleanItem textItem(final String project, final String itemId, final String text) {
        return new CleanItem(CleanItem.VERSION, itemId, project, ItemKind.text, text, null, null, null, null, "en",
                null, new RawRef("items.raw", 0, 0, "test", itemId), null, Instant.now());
    }

    public static Project textProject(final String id, final double threshold, final double qaRate,
            final Project.UncertaintyMeasure measure) {
        return new Project(Project.VERSION, id, id, ItemKind.text,
                List.of(new Project.LabelDefinition("ham", "not spam", "h"),
                        new Project.LabelDefinition("spam", "spam", "s")),
                "label it", new Project.Redundancy(1, 3, 0.7), new Project.Routing(threshold, qaRate, measure), 0.0,
                null, null, new Project.TrainingPolicy(100, 0.01, false), null, 1, Instant.now());
    }

    /** A project of 28x28 grey images with the labels of {@link TestModels#IMAGE_LABELS}. */
    public static Project imageProject(final String id) {
        return new Project(Project.VERSION, id, id, ItemKind.image, TestModels.IMAGE_LABELS.stream()
                .map(label -> new Project.LabelDefinition(label, label, null)).toList(),
                "label it", new Project.Redundancy(1, 3, 0.7),
                new Project.Routing(0.9, 0.1, Project.UncertaintyMeasure.margin), 0.0, null,
                new Project.ImageSpec(28, 28, 1), new Project.TrainingPolicy(100, 0.01, false), null, 1, Instant.now());
    }

    public record Keyed<T>(String key, T value) {
    }
}
