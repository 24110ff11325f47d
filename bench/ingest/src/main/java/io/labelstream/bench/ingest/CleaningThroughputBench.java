package io.labelstream.bench.ingest;

import com.sun.management.OperatingSystemMXBean;
import io.labelstream.ingest.streams.CleaningMetrics;
import io.labelstream.ingest.streams.CleaningSettings;
import io.labelstream.ingest.streams.CleaningStreamsConfig;
import io.labelstream.ingest.streams.CleaningTopology;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.ServiceLogLevels;
import io.labelstream.testing.TestKafkaCluster;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Cleaning throughput against a plain consume-produce copy of the same records on the same broker, both
 * exactly-once (read_committed, transactions) and both with the same number of threads: 1 KB English text items
 * with 10% exact and 5% near repeats, run through the full cleaning topology (language filter, deny rule,
 * de-duplication stores) with N stream threads, and copied by N consumers in one group, each with its own
 * transactional producer. Each side is measured over the output records a read-committed consumer sees after the
 * first tenth of them, so start-up and JIT warm-up are left out of both alike: records per second, and the CPU
 * time of this process (workers and in-process broker) per 1,000 records, which other work on the machine skews
 * less than it skews the rates.
 *
 * <p>Runs on a fresh in-process broker (the topology's topics have fixed names, so a used broker would mix in
 * earlier records). Argument: [records (default 50000)]. {@code -Dbench.threads=N} sets the threads of both
 * sides (default: the number of cores). System properties {@code streams.<name>} override the cleaning app's
 * Streams settings, e.g. {@code -Dstreams.commit.interval.ms=200}; {@code -Dbench.languageFilter=false} leaves
 * the language allow-list out of the project.
 */
public final class CleaningThroughputBench {

    private static final String COPY_TOPIC = "bench.copy";
    private static final String PROJECT = "bench";
    private static final int PARTITIONS = Topics.ITEM_PARTITIONS;
    private static final Duration PATIENCE = Duration.ofMinutes(15);
    /** The share of outputs counted as warm-up, before the clock starts. */
    private static final int WARM_UP_DIVISOR = 10;
    private static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be "
            + "this have from or one had by word but not what all were we when your can said there use an each which "
            + "she do how their if will up other about out many then them these so some her would make like him into "
            + "time has look two more write go see number no way could people my than first water been call who oil "
            + "its now find long down day did get come made may part over new sound take only little work know place "
            + "year live me back give most very after thing our just name good sentence man think say great where "
            + "help through much before line right too mean old any same tell boy follow came want show also around "
            + "form three small set put end does another well large must big even such because turn here why ask went "
            + "men read need land different home us move try kind hand picture again change off play spell air away "
            + "animal house point page letter mother answer found study still learn should world meeting report price "
            + "offer free order money account please review send today tomorrow week office team project plan").split(" ");

    private CleaningThroughputBench() {
    }

    /** The in-process broker's threads would keep the JVM alive after a failure: exit either way. */
    public static void main(final String[] args) {
        ServiceLogLevels.apply();
        try {
            run(args);
            System.exit(0);
        } catch (final Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(final String[] args) throws Exception {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        final int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
        final String bootstrap = TestKafkaCluster.bootstrapServers();
        final String run = Long.toString(System.currentTimeMillis(), 36);
        createTopics(bootstrap);
        produceProject(bootstrap);
        final int produced = produceItems(bootstrap, records);
        System.out.printf("ingest bench: %d raw items of about 1 KB on %s (%d partitions), %d threads each, "
                + "load average %.1f%n", produced, bootstrap, PARTITIONS, threads, loadAverage());

        final Measured copy = Boolean.getBoolean("bench.skipCopy") ? Measured.NONE
                : copy(bootstrap, produced, threads, "bench-copy-" + run);
        System.out.printf("plain exactly-once copy: %,.0f records/s, %.2f CPU s per 1,000 records (load average "
                + "%.1f)%n", copy.rate(), copy.cpuSecondsPerThousand(), loadAverage());
        final Measured cleaning = clean(bootstrap, produced, threads, "bench-cleaning-" + run);
        System.out.printf("cleaning topology:       %,.0f records/s, %.2f CPU s per 1,000 records (load average "
                + "%.1f)%n", cleaning.rate(), cleaning.cpuSecondsPerThousand(), loadAverage());
        System.out.printf("ratio cleaning/copy:     %.2f by rate (goal >= 0.6), %.2f by CPU cost%n",
                cleaning.rate() / copy.rate(), copy.cpuSecondsPerThousand() / cleaning.cpuSecondsPerThousand());
    }

    /**
     * A rate and the CPU time this process (workers and the in-process broker) spent per record meanwhile. On a
     * machine shared with other work the rate follows whatever CPU the others leave; the CPU cost does not.
     */
    private record Measured(double rate, double cpuSecondsPerThousand) {
        static final Measured NONE = new Measured(Double.NaN, Double.NaN);
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void createTopics(final String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> topics = new ArrayList<>();
            for (final String topic : List.of(Topics.ITEMS_RAW, Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES,
                    Topics.ITEMS_REJECTED, COPY_TOPIC)) {
                if (!existing.contains(topic)) {
                    topics.add(new NewTopic(topic, PARTITIONS, (short) 1));
                }
            }
            if (!existing.contains(Topics.PROJECTS)) {
                topics.add(new NewTopic(Topics.PROJECTS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            }
            admin.createTopics(topics).all().get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        return new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void produceProject(final String bootstrap) throws Exception {
        final Project project = new Project(Project.VERSION, PROJECT, "Benchmark", ItemKind.text,
                List.of(new Project.LabelDefinition("a", null, "a"), new Project.LabelDefinition("b", null, "b")),
                null, new Project.Redundancy(1, 3, 0.9),
                new Project.Routing(0.95, 0.05, Project.UncertaintyMeasure.margin), 0.0,
                new Project.Filters(1, 100_000, Boolean.parseBoolean(System.getProperty("bench.languageFilter", "true"))
                        ? List.of("en") : null, List.of("(?i)wire transfer")), null,
                new Project.TrainingPolicy(500, 0.005, false), null, 1, Instant.now());
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(Topics.PROJECTS, PROJECT.getBytes(), Json.MAPPER.writeValueAsBytes(project)))
                    .get();
        }
    }

    /** Every tenth item repeats an earlier one exactly, every twentieth with one word changed. */
    private static int produceItems(final String bootstrap, final int count) throws Exception {
        final Random random = new Random(7);
        final List<String> texts = new ArrayList<>(count);
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (int i = 0; i < count; i++) {
                final String text;
                if (i % 10 == 9) {
                    text = texts.get(random.nextInt(texts.size()));
                } else if (i % 20 == 4 && !texts.isEmpty()) {
                    text = texts.get(random.nextInt(texts.size())).replaceFirst(" \\w+ ", " changed ");
                } else {
                    text = sentence(random);
                }
                texts.add(text);
                final RawItem item = new RawItem(RawItem.VERSION, PROJECT, "bench", null, ItemKind.text,
                        "text/plain", text, null, null);
                producer.send(new ProducerRecord<>(Topics.ITEMS_RAW, null, Json.MAPPER.writeValueAsBytes(item)));
            }
            producer.flush();
        }
        return count;
    }

    private static String sentence(final Random random) {
        final StringBuilder text = new StringBuilder(1_100);
        while (text.length() < 1_000) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ". " : " ");
        }
        return text.toString().trim();
    }

    /** Per thread one consumer and one transactional producer: read, write, commit offsets in one transaction. */
    private static Measured copy(final String bootstrap, final int records, final int threads, final String group)
            throws Exception {
        final AtomicBoolean done = new AtomicBoolean();
        final List<Thread> copiers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            final String transactionalId = group + "-" + i;
            copiers.add(new Thread(() -> copyUntilDone(bootstrap, group, transactionalId, done), transactionalId));
        }
        final Measured measured = outputRate(bootstrap, records, () -> copiers.forEach(Thread::start), COPY_TOPIC);
        done.set(true);
        for (final Thread copier : copiers) {
            copier.join();
        }
        return measured;
    }

    private static void copyUntilDone(final String bootstrap, final String group, final String transactionalId,
            final AtomicBoolean done) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                     ProducerConfig.LINGER_MS_CONFIG, 5,
                     // the batch size the cleaning app's producers use
                     ProducerConfig.BATCH_SIZE_CONFIG, CleaningStreamsConfig.settings()
                             .get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG))),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(Topics.ITEMS_RAW));
            while (!done.get()) {
                final ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (batch.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                for (final ConsumerRecord<byte[], byte[]> record : batch) {
                    producer.send(new ProducerRecord<>(COPY_TOPIC, record.key(), record.value()));
                }
                final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (final TopicPartition partition : batch.partitions()) {
                    final List<ConsumerRecord<byte[], byte[]>> inPartition = batch.records(partition);
                    offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
    }

    private static Measured clean(final String bootstrap, final int records, final int threads,
            final String applicationId) throws Exception {
        final var properties = CleaningStreamsConfig.properties(bootstrap, applicationId,
                Files.createTempDirectory("bench-cleaning-").toString());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("streams."))
                .forEach(name -> properties.put(name.substring("streams.".length()), System.getProperty(name)));
        System.out.printf("cleaning settings: threads %s, commit interval %s ms, producer batch size %s%n",
                properties.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG),
                properties.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
                properties.get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG)));
        final StreamsBuilder builder = new StreamsBuilder();
        CleaningTopology.build(builder, CleaningSettings.defaults(Clock.systemUTC()), CleaningMetrics.NONE);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), properties)) {
            return outputRate(bootstrap, records, streams::start, Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES,
                    Topics.ITEMS_REJECTED);
        }
    }

    /**
     * Starts the worker once a counting consumer is assigned the (empty) output topics, then counts committed
     * output records until {@code records}; measures over all but the first tenth of them.
     */
    private static Measured outputRate(final String bootstrap, final int records, final Runnable worker,
            final String... topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.GROUP_ID_CONFIG, "bench-counter-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(50));
            }
            worker.run();
            final long deadline = System.nanoTime() + PATIENCE.toNanos();
            final long warmUp = records / WARM_UP_DIVISOR;
            long seen = 0;
            long seenAtStart = 0;
            long start = 0;
            long cpuAtStart = 0;
            long last = 0;
            while (seen < records && System.nanoTime() < deadline) {
                final int count = consumer.poll(Duration.ofMillis(50)).count();
                if (count > 0) {
                    last = System.nanoTime();
                    seen += count;
                    if (start == 0 && seen >= warmUp) {
                        start = last;
                        cpuAtStart = processCpuNanos();
                        seenAtStart = seen;
                    }
                }
            }
            if (seen < records) {
                throw new IllegalStateException("Only " + seen + " of " + records + " outputs within " + PATIENCE);
            }
            final long cpu = processCpuNanos() - cpuAtStart;
            final long measured = seen - seenAtStart;
            return new Measured(measured / ((last - start) / 1e9), cpu / 1e9 / (measured / 1e3));
        }
    }
}
