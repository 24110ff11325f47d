package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.ingest.fixtures.CommittedRecords;
import io.labelstream.ingest.fixtures.RawItems;
import io.labelstream.ingest.fixtures.TestProjects;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.TestKafkaCluster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariant under {@code kill -9}: every raw record ends in exactly one of clean, duplicates or rejected,
 * and a restarted instance, even on a machine without the old local state, remembers what was cleaned before:
 * its de-duplication index is rebuilt from the restored store.
 * Runs the topology in child JVMs against the real in-process broker.
 */
class ExactlyOnceAcrossKillTest {

    private static final int PARTITIONS = 3;
    private static final int UNIQUE_TEXTS = 1_500;
    private static final int GARBAGE_PER_WAVE = 100;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private String bootstrap;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void createTopicsAndProject() throws Exception {
        bootstrap = TestKafkaCluster.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            final List<NewTopic> topics = List.of(Topics.ITEMS_RAW, Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES,
                            Topics.ITEMS_REJECTED).stream()
                    .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1))
                    .collect(Collectors.toCollection(ArrayList::new));
            topics.add(new NewTopic(Topics.PROJECTS, 1, (short) 1));
            admin.createTopics(topics).all().get();
        }
        final Project letters = TestProjects.text("letters", new Project.Filters(1, null, null, null));
        produce(List.of(Json.MAPPER.writeValueAsBytes(letters)), Topics.PROJECTS, "letters");
    }

    @AfterEach
    void killChildren() throws InterruptedException {
        for (final Process process : processes) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldLeaveEveryRawRecordInExactlyOneOutputAcrossAKillAndARestartWithoutLocalState() throws Exception {
        final List<byte[]> texts = uniqueTexts();
        final List<byte[]> firstWave = withGarbage(texts, "first");
        final List<byte[]> secondWave = withGarbage(texts, "second");
        produce(firstWave, Topics.ITEMS_RAW, null);

        final Process first = start(work.resolve("state-first"));
        final Set<String> cleanBeforeKill;
        try (CommittedRecords outputs = outputs()) {
            final List<ConsumerRecord<byte[], byte[]>> beforeKill = outputs.readUntil(
                    records -> !cleanKeys(records).isEmpty(), PATIENCE);
            // inside the open transaction of the next commit: its outputs must vanish and be redone
            Thread.sleep(300);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(beforeKill.size()).as("killed mid-stream").isLessThan(firstWave.size());
            cleanBeforeKill = cleanKeys(beforeKill);
        }
        produce(secondWave, Topics.ITEMS_RAW, null);
        start(work.resolve("state-second"));

        final int total = firstWave.size() + secondWave.size();
        try (CommittedRecords outputs = outputs()) {
            outputs.readUntil(records -> records.size() >= total, PATIENCE);
            final List<ConsumerRecord<byte[], byte[]>> all = outputs.readFor(Duration.ofSeconds(3));

            assertThat(CommittedRecords.countByTopic(all)).isEqualTo(Map.of(
                    Topics.ITEMS_CLEAN, (long) UNIQUE_TEXTS,
                    Topics.ITEMS_DUPLICATES, (long) UNIQUE_TEXTS,
                    Topics.ITEMS_REJECTED, 2L * GARBAGE_PER_WAVE));
            final Set<String> rawRecords = new HashSet<>();
            for (final ConsumerRecord<byte[], byte[]> record : all) {
                final var value = Json.MAPPER.readTree(record.value());
                final var raw = record.topic().equals(Topics.ITEMS_REJECTED) ? value.get("raw") : value.get("lineage");
                assertThat(rawRecords.add(raw.get("partition").asInt() + "@" + raw.get("offset").asLong()))
                        .as("raw record %s ends only once", raw).isTrue();
            }
            assertThat(rawRecords).hasSize(total);
            assertThat(all.stream().filter(record -> record.topic().equals(Topics.ITEMS_DUPLICATES))
                    .map(record -> new String(record.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet()))
                    .as("the items cleaned before the kill are remembered by the new process")
                    .containsAll(cleanBeforeKill);
        }
    }

    private static Set<String> cleanKeys(final List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().filter(record -> record.topic().equals(Topics.ITEMS_CLEAN))
                .map(record -> new String(record.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    private static List<byte[]> uniqueTexts() {
        final Random random = new Random(42);
        final List<byte[]> texts = new ArrayList<>();
        for (int i = 0; i < UNIQUE_TEXTS; i++) {
            final StringBuilder text = new StringBuilder("Letter " + i + ":");
            for (int word = 0; word < 40; word++) {
                text.append(' ').append("w").append(Integer.toString(random.nextInt(5_000), 36));
            }
            texts.add(RawItems.text("letters", "text/plain", text.toString()));
        }
        return texts;
    }

    private static List<byte[]> withGarbage(final List<byte[]> items, final String wave) {
        final List<byte[]> mixed = new ArrayList<>(items);
        for (int i = 0; i < GARBAGE_PER_WAVE; i++) {
            mixed.add(i * items.size() / GARBAGE_PER_WAVE, RawItems.utf8("garbage " + wave + " " + i));
        }
        return mixed;
    }

    private void produce(final List<byte[]> values, final String topic, final String key)
            throws ExecutionException, InterruptedException {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, key == null ? null : RawItems.utf8(key), value));
            }
            producer.flush();
        }
    }

    private CommittedRecords outputs() {
        return new CommittedRecords(bootstrap, Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES, Topics.ITEMS_REJECTED);
    }

    private Process start(final Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                CleaningProcess.class.getName(), bootstrap, stateDir.toString(), "1000")
                .redirectErrorStream(true)
                .redirectOutput(new File(stateDir + ".log"))
                .start();
        processes.add(process);
        return process;
    }
}
