package io.labelstream.platform.clients;

import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.Rejection;
import io.labelstream.schemas.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What ingest made of the records a client sent, read back from its output topics ({@code read_committed}): each
 * sent record, known by its partition and offset in {@code items.raw}, ends as a clean item, a duplicate or a
 * rejection with its reason. Reading starts at the output topics' end offsets taken before sending.
 */
final class IngestOutcomes implements AutoCloseable {

    private static final List<String> OUTPUTS = List.of(Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES,
            Topics.ITEMS_REJECTED);

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, String> outcomes = new HashMap<>();

    /** Positions the reader at the output topics' current ends; call before sending. */
    IngestOutcomes(final String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "labelstream-produce-outcomes"),
                new StringDeserializer(), new StringDeserializer());
        final List<TopicPartition> partitions = OUTPUTS.stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    static String key(final int partition, final long offset) {
        return partition + "@" + offset;
    }

    /** Reads until every sent record has its outcome or the time is up; returns how many are still unknown. */
    int await(final Set<String> sent, final Duration limit, final Progress progress) {
        final long deadline = System.nanoTime() + limit.toNanos();
        while (!outcomes.keySet().containsAll(sent) && System.nanoTime() < deadline) {
            for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                read(record);
            }
            progress.update(outcomes.keySet().stream().filter(sent::contains).count(), "");
        }
        final int unknown = (int) sent.stream().filter(key -> !outcomes.containsKey(key)).count();
        progress.update(sent.size(), unknown == 0 ? "" : "(" + unknown + " without an outcome yet)");
        return unknown;
    }

    private void read(final ConsumerRecord<String, String> record) {
        try {
            switch (record.topic()) {
                case Topics.ITEMS_CLEAN -> count(Json.MAPPER.readValue(record.value(), CleanItem.class).lineage(),
                        "clean");
                case Topics.ITEMS_DUPLICATES -> count(
                        Json.MAPPER.readValue(record.value(), DuplicateItem.class).lineage(), "duplicate");
                default -> {
                    final Rejection rejection = Json.MAPPER.readValue(record.value(), Rejection.class);
                    count(rejection.raw(), "rejected " + rejection.reason());
                }
            }
        } catch (final IOException e) {
            // another producer's record that is not ours to judge
        }
    }

    private void count(final RawRef raw, final String outcome) {
        if (raw == null || !Topics.ITEMS_RAW.equals(raw.topic())) {
            return;
        }
        outcomes.putIfAbsent(key(raw.partition(), raw.offset()), outcome);
    }

    /** Outcomes of the given records only. */
    Map<String, Long> summary(final Set<String> sent) {
        return outcomes.entrySet().stream().filter(entry -> sent.contains(entry.getKey()))
                .collect(Collectors.groupingBy(Map.Entry::getValue, TreeMap::new, Collectors.counting()));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
