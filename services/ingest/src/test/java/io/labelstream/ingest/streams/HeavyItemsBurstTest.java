package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.ingest.fixtures.CommittedRecords;
import io.labelstream.ingest.fixtures.RawItems;
import io.labelstream.ingest.fixtures.TestProjects;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.ImageBytes;
import io.labelstream.testing.MailBytes;
import io.labelstream.testing.TestKafkaCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dearest items the cleaning limits let through, in a burst on one partition behind a stream of cheap ones, with
 * the service's own Streams settings against a real broker: the exactly-once topology screens them all without a
 * transaction timing out, its thread being fenced or the group rebalancing, and items over the limits are refused
 * before they cost anything. Before the limits, a burst of such items kept a transaction open past the broker's
 * timeout and fenced the stream thread.
 */
class HeavyItemsBurstTest {

    private static final String APPLICATION_ID = "ingest-heavy-burst-test";
    private static final String LETTERS = "letters";
    private static final int CHEAP_BEFORE = 400;
    private static final int HEAVY_EACH = 25;
    private static final int OVER_LIMIT_EACH = 5;
    private static final int CHEAP_AFTER = 100;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path stateDir;

    private final List<String> transitionsDuringBurst = new CopyOnWriteArrayList<>();
    private volatile boolean watching;
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private KafkaStreams streams;

    @BeforeEach
    void createTopicsAndProjects() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafkaCluster.bootstrapServers()))) {
            admin.createTopics(List.of(Topics.ITEMS_RAW, Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES,
                    Topics.ITEMS_REJECTED, Topics.PROJECTS).stream().map(topic -> new NewTopic(topic, 1, (short) 1))
                    .toList()).all().get();
        }
        produce(Topics.PROJECTS, LETTERS, List.of(
                Json.MAPPER.writeValueAsBytes(TestProjects.text(LETTERS, new Project.Filters(1, null, null, null)))));
        produce(Topics.PROJECTS, TestProjects.FASHION, List.of(Json.MAPPER.writeValueAsBytes(TestProjects.fashion())));
    }

    @AfterEach
    void closeStreams() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldScreenABurstOfTheDearestLegalItemsWithoutFencingOrRebalancing() throws Exception {
        startStreams();
        final List<byte[]> raw = new ArrayList<>();
        for (int i = 0; i < CHEAP_BEFORE; i++) {
            raw.add(letter("before", i));
        }
        produce(Topics.ITEMS_RAW, null, raw);
        awaitOutcomes(raw.size());
        // the group's start-up rebalances (a thread joining, the repartition topic appearing) are over
        Awaitility.await().atMost(PATIENCE).until(() -> groupState() == GroupState.STABLE);
        watching = true;

        final List<byte[]> burst = new ArrayList<>();
        final byte[] dearestImage = RawItems.image(TestProjects.FASHION, "image/png",
                ImageBytes.blackPng(2896, 2896, 16, 6));
        for (int i = 0; i < HEAVY_EACH; i++) {
            burst.add(dearestImage);
            burst.add(RawItems.text(LETTERS, "message/rfc822",
                    MailBytes.multipart(99, "Part of message " + i + " " + "lorem ipsum ".repeat(500))));
        }
        for (int i = 0; i < OVER_LIMIT_EACH; i++) {
            burst.add(RawItems.image(TestProjects.FASHION, "image/png", ImageBytes.blackPng(6000, 6000, 16, 6)));
            burst.add(RawItems.text(LETTERS, "message/rfc822", MailBytes.multipart(12_000, "x" + i)));
        }
        for (int i = 0; i < CHEAP_AFTER; i++) {
            burst.add(letter("after", i));
        }
        produce(Topics.ITEMS_RAW, null, burst);
        raw.addAll(burst);

        final List<ConsumerRecord<byte[], byte[]>> outputs = awaitOutcomes(raw.size());

        final Map<Long, String> outcomeByOffset = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> output : outputs) {
            final var value = Json.MAPPER.readTree(output.value());
            final long offset = (output.topic().equals(Topics.ITEMS_REJECTED) ? value.get("raw")
                    : value.get("lineage")).get("offset").asLong();
            final String outcome = output.topic().equals(Topics.ITEMS_REJECTED)
                    ? value.get("reason").asText() : output.topic();
            assertThat(outcomeByOffset.put(offset, outcome)).as("raw record %d ends only once", offset).isNull();
        }
        assertThat(outcomeByOffset).hasSize(raw.size());
        final int overLimitStart = CHEAP_BEFORE + 2 * HEAVY_EACH;
        for (int offset = 0; offset < raw.size(); offset++) {
            final int overLimit = offset - overLimitStart;
            final Set<String> expected = overLimit < 0 || overLimit >= 2 * OVER_LIMIT_EACH
                    ? Set.of(Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES)
                    : Set.of(overLimit % 2 == 0 ? "IMAGE_TOO_LARGE" : "MALFORMED_EMAIL");
            assertThat(outcomeByOffset.get((long) offset)).as("raw record %d", offset).isIn(expected);
        }
        assertThat(transitionsDuringBurst).as("state changes during the burst").isEmpty();
        assertThat(uncaught).as("stream threads that died").isEmpty();
    }

    private void startStreams() {
        final Properties properties = CleaningStreamsConfig.properties(TestKafkaCluster.bootstrapServers(),
                APPLICATION_ID, stateDir.toString());
        final StreamsBuilder builder = new StreamsBuilder();
        CleaningTopology.build(builder, CleaningSettings.defaults(Clock.systemUTC()), CleaningMetrics.NONE);
        streams = new KafkaStreams(builder.build(), properties);
        streams.setStateListener((now, before) -> {
            if (watching) {
                transitionsDuringBurst.add(before + " -> " + now);
            }
        });
        streams.setUncaughtExceptionHandler(exception -> {
            uncaught.add(exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        Awaitility.await().atMost(PATIENCE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitOutcomes(final int count) {
        try (CommittedRecords committed = new CommittedRecords(TestKafkaCluster.bootstrapServers(),
                Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES, Topics.ITEMS_REJECTED)) {
            committed.readUntil(records -> records.size() >= count, PATIENCE);
            return committed.readFor(Duration.ofSeconds(2));
        }
    }

    private static GroupState groupState() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafkaCluster.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(APPLICATION_ID)).all().get().get(APPLICATION_ID).groupState();
        }
    }

    private static byte[] letter(final String wave, final int i) {
        return RawItems.text(LETTERS, "text/plain", "Letter " + wave + " " + i + ": the minutes of meeting " + i
                + " are attached, with the figures of week " + (i % 52) + " and the plan for " + wave + ".");
    }

    private static void produce(final String topic, final String key, final List<byte[]> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, key == null ? null : RawItems.utf8(key), value)).get();
            }
        }
    }
}
