package io.labelstream.bench.inference;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.translate.TranslateException;
import io.labelstream.inference.domain.Router;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.service.PredictionMetrics;
import io.labelstream.inference.service.ProjectDirectory;
import io.labelstream.inference.streams.PredictionLoop;
import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.InputSpec;
import io.labelstream.ml.ModelManifest;
import io.labelstream.ml.OfflineEngine;
import io.labelstream.ml.artifact.ArtifactStore;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.ml.artifact.LoadedModel;
import io.labelstream.ml.artifact.ModelArtifacts;
import io.labelstream.ml.data.FashionMnist;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.testing.ServiceLogLevels;
import io.labelstream.testing.TestKafkaCluster;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Throughput and latency of the prediction loop from {@code items.clean} to committed {@code predictions} on a real
 * (in-process, single-node) broker, for the two demo model kinds at their default sizes:
 *
 * <ol>
 *   <li>ceiling: a raw DJL loop in this JVM, one thread per predictor, {@code batchPredict} on ready-made items
 *       at the service's batch size; no Kafka, no JSON, no routing;</li>
 *   <li>maximum: a backlog of items on {@code items.clean}, drained by the prediction loop (transactions, routing,
 *       everything), counted when read_committed;</li>
 *   <li>latency at 25, 50 and 90% of the maximum: items offered at a fixed rate, latency from the send to the
 *       prediction being readable by a read_committed consumer.</li>
 * </ol>
 * The service and the ceiling run on the same half of the machine's cores, one predictor per core. While the
 * service drains a backlog or serves a paced load, the broker, the load generator and the reader keep to the other
 * half, with the JIT compilers, so that the service has its cores to itself, as the ceiling has: in production the
 * broker and the service's clients run on machines of their own ({@code -Dbench.loadOnAllCores=true} lets them use
 * every core during paced loads; {@code -Dbench.cores=shared} runs everything on every core, one predictor per
 * core).
 * Models have random weights: speed does not depend on what a model has learned. Each kind first warms up (both
 * sides and paced loads, at least {@code -Dbench.warmUpSeconds=N}, 90 by default, and until the JIT compilers have
 * quieted down, at most {@code -Dbench.maxWarmUpSeconds=N}, 300 by default) and counts nothing. Run with
 * {@code mvn -q -pl bench/inference exec:java}; {@code -Dbench.seconds=N} sets the length of each load step,
 * {@code -Dbench.kinds=IMAGE} runs one kind only, {@code -Dbench.lingerMs=N} sets the load generator's linger and
 * {@code -Dbench.kafka.<setting>=value} passes a client setting to the prediction loops; {@code -Dbench.loops},
 * {@code -Dbench.maxBatch}, {@code -Dbench.maxWaitMs}, {@code -Dbench.maxPredictTimeMs}, {@code -Dbench.minChunk} and
 * {@code -Dbench.maxForwardPass} mirror the service's batching and predictor settings;
 * {@code -Dlabelstream.test.kafka.bootstrap-servers=host:port} uses a broker already running (such as
 * {@link StandaloneBroker}) instead of one in this JVM.
 */
public final class InferenceBenchmark {

    /**
     * Items per transaction, as {@code labelstream.inference.batching.max-size}; the pool cuts them into a chunk per
     * predictor, each run as forward passes of at most {@link #MAX_FORWARD_PASS}.
     */
    private static final int BATCH = Integer.getInteger("bench.maxBatch", 512);
    private static final double[] LOADS = {0.25, 0.5, 0.9};
    private static final int ROUNDS = 5;
    /** Loops per instance, as {@code labelstream.inference.batching.loops}: one predicts while the other commits. */
    private static final int LOOPS = Integer.getInteger("bench.loops", 2);
    /** Longest wait of a batch's first item, as {@code labelstream.inference.batching.max-wait}. */
    private static final Duration MAX_WAIT = Duration.ofMillis(Long.getLong("bench.maxWaitMs", 10));
    /** Time a batch's predictions may take, as {@code labelstream.inference.batching.max-predict-time}. */
    private static final Duration MAX_PREDICT_TIME = Duration.ofMillis(Long.getLong("bench.maxPredictTimeMs", 100));
    /** Most items in one forward pass, as {@code labelstream.inference.predictors.max-forward-pass}. */
    private static final int MAX_FORWARD_PASS = Integer.getInteger("bench.maxForwardPass", 128);
    /** Smallest chunk of a batch for one predictor, as {@code labelstream.inference.predictors.min-chunk}. */
    private static final int MIN_CHUNK = Integer.getInteger("bench.minChunk", 16);
    private static final Duration CEILING_ROUND = Duration.ofSeconds(4);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 90));
    private static final Duration MAX_WARM_UP = Duration.ofSeconds(Long.getLong("bench.maxWarmUpSeconds", 300));
    /** Share of a warm-up round's time the JIT compilers may spend compiling for the warm-up to end. */
    private static final double JIT_QUIET = 0.05;
    private static final String KAFKA_PREFIX = "bench.kafka.";
    private static final Duration WARM_UP_PACED = Duration.ofSeconds(5);
    private static final double LIVE_OVERLOAD = 1.2;
    private static final Duration LIVE_STEP = Duration.ofSeconds(6);
    /** The load generator's {@code linger.ms}; absent, the client's default (5 ms since Kafka 4.0). */
    private static final Integer GENERATOR_LINGER_MS = Integer.getInteger("bench.lingerMs");

    private static final boolean LOAD_ON_ALL_CORES = Boolean.getBoolean("bench.loadOnAllCores");

    private final Path store;
    private final Cores cores;
    private final int poolSize;
    private final Duration step = Duration.ofSeconds(Long.getLong("bench.seconds", 10));

    private InferenceBenchmark(final Path store, final Cores cores) {
        this.store = store;
        this.cores = cores;
        this.poolSize = cores.serviceCount();
    }

    /** Exits when done or failed: the in-process broker's threads would otherwise keep the JVM alive. */
    public static void main(final String[] args) {
        try {
            benchmark();
        } catch (final Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void benchmark() throws Exception {
        final Cores cores = "shared".equals(System.getProperty("bench.cores")) ? Cores.shared() : Cores.split();
        ServiceLogLevels.apply();
        System.out.println("Collector: " + ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
        final InferenceBenchmark benchmark = new InferenceBenchmark(Files.createTempDirectory("bench-model-store"),
                cores);
        createItemTopics();
        final ModelRegistry registry = new ModelRegistry(new DirectoryArtifactStore(benchmark.store),
                benchmark.poolSize, MIN_CHUNK, MAX_FORWARD_PASS, 1, 1);
        final List<String> lines = new ArrayList<>();
        for (final String kind : System.getProperty("bench.kinds", "TEXT,IMAGE").split(",")) {
            lines.add(benchmark.run(registry, Kind.valueOf(kind.trim())));
        }
        registry.close();
        System.out.println();
        System.out.println("| model | ceiling (raw DJL) items/s | service max items/s | ratio | live max items/s | "
                + "load | offered/s | achieved/s | p50 ms | p99 ms | from items.clean p50 ms | "
                + "from items.clean p99 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        final List<String> rows = lines.stream().flatMap(String::lines).toList();
        rows.stream().filter(row -> row.startsWith("| ")).forEach(System.out::println);
        System.out.println();
        System.out.println("Where the time goes (ms): produce = send to the broker's acknowledgement; fetch = from "
                + "there to the loop's poll; loop = batching wait and forward pass; commit = routing, transaction "
                + "commit and read_committed delivery.");
        System.out.println();
        System.out.println("| model | load | produce p50 | produce p99 | fetch p50 | fetch p99 | loop p50 | loop p99 | "
                + "commit p50 | commit p99 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.stream().filter(row -> row.startsWith("|| ")).map(row -> row.substring(1)).forEach(System.out::println);
        System.out.println();
        System.out.println("CPU time per item of the threads that do the work (the median round): the ceiling's "
                + "predictor threads; the service's prediction loops and its predictors' threads (not the broker).");
        System.out.println();
        System.out.println("| model | ceiling CPU µs/item | service CPU µs/item | ratio |");
        System.out.println("|---|---|---|---|");
        rows.stream().filter(row -> row.startsWith("||| ")).map(row -> row.substring(2)).forEach(System.out::println);
        System.out.println();
        System.out.println("CPU time per item of every part of this process while the service drained the median "
                + "round's backlog (from /proc/self/task, 10 ms ticks): the ratio by rate pays for what of it runs "
                + "on the service's cores, the ceiling for none but its own forward passes.");
        System.out.println();
        System.out.println("| model | " + Arrays.stream(ThreadGroupCpu.Group.values()).map(group -> group.title + " µs")
                .collect(Collectors.joining(" | ")) + " | total µs |");
        System.out.println("|---|" + "---|".repeat(ThreadGroupCpu.Group.values().length + 1));
        rows.stream().filter(row -> row.startsWith("|||| ")).map(row -> row.substring(3)).forEach(System.out::println);
    }

    /**
     * Runs a paced load (warm-up, live maximum, latency step) with the service's cores left to the service, as in
     * production, where the broker, the load generator and the downstream reader run on machines of their own;
     * {@code -Dbench.loadOnAllCores=true} lets them use every core instead.
     */
    private <T> T underLoad(final Callable<T> load) throws Exception {
        return LOAD_ON_ALL_CORES ? load.call() : cores.withServiceCoresToItself(load);
    }

    /** The loops' Kafka settings: the broker, and any {@code -Dbench.kafka.<client setting>=value}. */
    private static Map<String, Object> kafkaSettings() {
        final Map<String, Object> settings = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(KAFKA_PREFIX))
                .forEach(name -> settings.put(name.substring(KAFKA_PREFIX.length()), System.getProperty(name)));
        settings.put("bootstrap.servers", TestKafkaCluster.bootstrapServers());
        return settings;
    }

    /** The item topics with their production partition count, so that several loops can share the work. */
    private static void createItemTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafkaCluster.bootstrapServers()))) {
            admin.createTopics(Stream.of(Topics.ITEMS_CLEAN, Topics.PREDICTIONS, Topics.LABELS, Topics.TASKS_LABELING)
                    .map(topic -> new NewTopic(topic, Topics.ITEM_PARTITIONS, (short) 1))
                    .toList()).all().get();
        }
    }

    private enum Kind {
        TEXT("spam", Architecture.FASTTEXT, InputSpec.text(), List.of("ham", "spam"), 24_000),
        IMAGE("fashion", Architecture.ALEXNET_SMALL, InputSpec.image(28, 28, 1),
                FashionMnist.LABELS, 8_000);

        final String project;
        final Architecture architecture;
        final InputSpec input;
        final List<String> labels;
        final int backlog;

        Kind(final String project, final Architecture architecture, final InputSpec input, final List<String> labels,
                final int backlog) {
            this.project = project;
            this.architecture = architecture;
            this.input = input;
            this.labels = labels;
            this.backlog = backlog;
        }
    }

    private String run(final ModelRegistry registry, final Kind kind) throws Exception {
        final ModelEvent event = storeModel(kind);
        // the champion's predictors start their threads as it loads, on the cores of the thread that loads it
        cores.onServiceCores(() -> {
            registry.promote(event);
            return null;
        });
        final List<CleanItem> pool = items(kind, 2_000);

        final ProjectDirectory projects = new ProjectDirectory();
        projects.onRecord(kind.project, project(kind));
        final Map<String, Object> kafka = kafkaSettings();
        // one group for both kinds, so that the second kind's loops start where the first's left items.clean
        final List<PredictionLoop> loops = new ArrayList<>();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final CommittedItems committed = new CommittedItems(meters);
        final StringBuilder rows = new StringBuilder();
        try (PredictionReader reader = new PredictionReader(); LoadGenerator generator = new LoadGenerator();
                Ceiling ceiling = new Ceiling(new DirectoryArtifactStore(store).load(event.artifactSha256()), poolSize,
                        cores)) {
            // the producers start their network threads when they are made, the loops their own when started
            cores.onServiceCores(() -> {
                for (int i = 0; i < LOOPS; i++) {
                    loops.add(new PredictionLoop(kafka, new PredictionLoop.Settings("bench-inference",
                            "bench-inference-" + kind.project + "-" + i, false, BATCH, MAX_WAIT, MAX_PREDICT_TIME,
                            Duration.ofSeconds(30)),
                            registry, projects, new Router(Clock.systemUTC(), 3),
                            new PredictionMetrics(meters)));
                }
                loops.forEach(PredictionLoop::start);
                return null;
            });
            warmUp(kind, pool, ceiling, reader, generator, committed);
            // each round runs the ceiling and then the service, seconds apart; the machine's speed drifts more
            // between rounds than within one, so each round gives a ratio and the round with the median ratio
            // stands for the kind (the best of each side would pair two rounds that the drift favoured unequally)
            final List<Round[]> rounds = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                final Round ceilingRound = ceiling.run(pool);
                final Round serviceRound = drain(renamed(pool, kind.backlog, "max" + round), reader, committed);
                rounds.add(new Round[] {ceilingRound, serviceRound});
                System.out.printf(Locale.ROOT, "%s round %d: ceiling %.0f items/s, service %.0f items/s, ratio %.2f; "
                        + "CPU µs per item %.0f and %.0f, ratio %.2f%n", kind.project, round,
                        ceilingRound.itemsPerSecond(), serviceRound.itemsPerSecond(),
                        serviceRound.itemsPerSecond() / ceilingRound.itemsPerSecond(),
                        ceilingRound.cpuMicrosPerItem(), serviceRound.cpuMicrosPerItem(),
                        ceilingRound.cpuMicrosPerItem() / serviceRound.cpuMicrosPerItem());
            }
            rounds.sort(Comparator.comparingDouble(pair -> pair[1].itemsPerSecond() / pair[0].itemsPerSecond()));
            final Round[] median = rounds.get(rounds.size() / 2);
            final double ceilingRate = median[0].itemsPerSecond();
            final double max = median[1].itemsPerSecond();
            final double ceilingCpu = median[0].cpuMicrosPerItem();
            final double serviceCpu = median[1].cpuMicrosPerItem();
            final Map<ThreadGroupCpu.Group, Double> drainCpu = median[1].byGroup();
            rows.append(String.format(Locale.ROOT, "||| %s (%s) | %.0f | %.0f | %.2f |%n", kind.project,
                    kind.architecture.id(), ceilingCpu, serviceCpu, ceilingCpu / serviceCpu));
            rows.append(String.format(Locale.ROOT, "|||| %s | %s | %.0f |%n", kind.project, drainCpu.values()
                    .stream().map(micros -> String.format(Locale.ROOT, "%.0f", micros))
                    .collect(Collectors.joining(" | ")),
                    drainCpu.values().stream().mapToDouble(Double::doubleValue).sum()));
            final double liveMax = liveMaximum(pool, max, reader, generator);
            for (final double load : LOADS) {
                final double rate = liveMax * load;
                final int count = (int) (rate * step.toSeconds());
                final List<CleanItem> offered = measured(pool, count, "load" + (int) (load * 100), reader);
                final double sendSeconds = underLoad(() -> {
                    final long sendStart = System.nanoTime();
                    generator.send(offered, rate, reader);
                    final double seconds = (System.nanoTime() - sendStart) / 1e9;
                    reader.awaitCount(count, Duration.ofMinutes(5));
                    return seconds;
                });
                final double[] latencies = reader.latenciesMs();
                final double[] inService = reader.serviceLatenciesMs();
                final double[] produce = reader.produceLatenciesMs();
                final double[] fetch = reader.fetchLatenciesMs();
                final double[] commit = reader.commitLatenciesMs();
                final double[] fromTopic = reader.fromTopicLatenciesMs();
                rows.append(String.format(Locale.ROOT,
                        "| %s (%s) | %.0f | %.0f | %.2f | %.0f | %d%% | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f |%n",
                        kind.project, kind.architecture.id(), ceilingRate, max, max / ceilingRate, liveMax,
                        (int) (load * 100), rate,
                        count / sendSeconds, percentile(latencies, 0.5), percentile(latencies, 0.99),
                        percentile(fromTopic, 0.5), percentile(fromTopic, 0.99)));
                System.out.print(rows.substring(rows.lastIndexOf("| " + kind.project)));
                rows.append(String.format(Locale.ROOT,
                        "|| %s | %d%% | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                        kind.project, (int) (load * 100), percentile(produce, 0.5), percentile(produce, 0.99),
                        percentile(fetch, 0.5), percentile(fetch, 0.99),
                        percentile(inService, 0.5), percentile(inService, 0.99), percentile(commit, 0.5),
                        percentile(commit, 0.99)));
            }
        } finally {
            loops.forEach(PredictionLoop::close);
        }
        return rows.toString();
    }

    /**
     * Rounds of both sides and paced loads, none counted, until the JIT compilers have quieted down: at least
     * {@code bench.warmUpSeconds}, then until a round in which they compiled for less than {@link #JIT_QUIET} of its
     * time, at most {@code bench.maxWarmUpSeconds}. On two cores they work through the broker's, the clients' and the
     * service's code for minutes, and each compilation takes its CPU from both sides: after 60 s they still compiled
     * 10 to 20 methods a second at the top tier through the latency steps, after 180 s 3 to 5.
     */
    private void warmUp(final Kind kind, final List<CleanItem> pool, final Ceiling ceiling,
            final PredictionReader reader, final LoadGenerator generator, final CommittedItems committed)
            throws Exception {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final List<String> compiling = new ArrayList<>();
        final long start = System.nanoTime();
        int rounds = 0;
        double share;
        long elapsed;
        do {
            final long roundStart = System.nanoTime();
            final long compiledBefore = jit.getTotalCompilationTime();
            ceiling.run(pool);
            final double rate = drain(renamed(pool, kind.backlog, "warm" + rounds), reader, committed)
                    .itemsPerSecond() * LOADS[rounds % LOADS.length];
            final List<CleanItem> paced = measured(pool, (int) (rate * WARM_UP_PACED.toSeconds()),
                    "warm-paced" + rounds++, reader);
            underLoad(() -> {
                generator.send(paced, rate, reader);
                reader.awaitCount(paced.size(), Duration.ofMinutes(5));
                return null;
            });
            share = (jit.getTotalCompilationTime() - compiledBefore) / ((System.nanoTime() - roundStart) / 1e6);
            compiling.add(String.format(Locale.ROOT, "%.0f%%", share * 100));
            elapsed = System.nanoTime() - start;
        } while (elapsed < WARM_UP.toNanos() || share > JIT_QUIET && elapsed < MAX_WARM_UP.toNanos());
        System.out.printf(Locale.ROOT, "%s: %d warm-up rounds in %.0f s; JIT compilers busy per round: %s%n",
                kind.project, rounds, elapsed / 1e9, String.join(", ", compiling));
    }

    /**
     * The service's maximum under live load, the reference for the load steps: a generator offers more than the
     * backlog maximum while the reader consumes the predictions, and the rate of predictions read while it sends
     * (its first second left out) is what the service keeps up with in those conditions.
     */
    private double liveMaximum(final List<CleanItem> pool, final double backlogMax, final PredictionReader reader,
            final LoadGenerator generator) throws Exception {
        final double offered = backlogMax * LIVE_OVERLOAD;
        final List<CleanItem> items = measured(pool, (int) (offered * LIVE_STEP.toSeconds()), "live", reader);
        return underLoad(() -> {
            final long start = System.nanoTime();
            generator.send(items, offered, reader);
            final long end = System.nanoTime();
            final long countedFrom = start + Duration.ofSeconds(1).toNanos();
            final double rate = reader.readBetween(countedFrom, end) / ((end - countedFrom) / 1e9);
            System.out.printf(Locale.ROOT,
                    "live load: offered %.0f items/s, sent %.0f items/s, predicted %.0f items/s%n", offered,
                    items.size() / ((end - start) / 1e9), rate);
            reader.awaitCount(items.size(), Duration.ofMinutes(10));
            return rate;
        });
    }

    /**
     * The service draining a backlog: the items are written in one transaction, so that the loops find all of them
     * at once and the load generator is done before the first prediction; counted from the first committed batch to
     * the last, as the loops report them. The reader pauses meanwhile: a downstream consumer runs elsewhere in
     * production, and here it would take its share of the two cores from the service it measures. The broker, which
     * runs elsewhere too, works on the other cores meanwhile: the ceiling has its cores to itself, and so does the
     * service while it drains.
     */
    private Round drain(final List<CleanItem> backlog, final PredictionReader reader,
            final CommittedItems committed) throws Exception {
        reader.pause();
        final Round round = cores.withServiceCoresToItself(() -> {
            final long cpuBefore = serviceCpuNanos();
            final double base = committed.count();
            sendInOneTransaction(backlog);
            final Map<ThreadGroupCpu.Group, Double> groupsBefore = ThreadGroupCpu.snapshot();
            final double[] first = committed.awaitAbove(base, Duration.ofMinutes(10));
            final double[] last = committed.awaitAbove(base + backlog.size() - 1, Duration.ofMinutes(10));
            final Map<ThreadGroupCpu.Group, Double> groupsAfter = ThreadGroupCpu.snapshot();
            final long cpuAfter = serviceCpuNanos();
            return new Round((last[1] - first[1]) / ((last[0] - first[0]) / 1e9),
                    (cpuAfter - cpuBefore) / 1e3 / backlog.size(),
                    ThreadGroupCpu.perItem(groupsBefore, groupsAfter, backlog.size()));
        });
        reader.resumeFromEnd();
        return round;
    }

    /** Items in committed transactions of the prediction loops, from the batch sizes they record after each commit. */
    private static final class CommittedItems {

        private final SimpleMeterRegistry meters;

        CommittedItems(final SimpleMeterRegistry meters) {
            this.meters = meters;
        }

        double count() {
            return meters.find("labelstream.inference.batch.size").summaries().stream()
                    .mapToDouble(DistributionSummary::totalAmount).sum();
        }

        /** {@link System#nanoTime()} and the count when the count first exceeds {@code threshold}. */
        double[] awaitAbove(final double threshold, final Duration timeout) throws InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                final double count = count();
                if (count > threshold) {
                    return new double[] {System.nanoTime(), count};
                }
                Thread.sleep(1);
            }
            throw new IllegalStateException("only " + count() + " items committed, waiting for " + threshold);
        }
    }

    /**
     * A round's rate, and the CPU time its own threads spent per item, which other work on the machine cannot skew;
     * for the service, also what every part of this process spent per item while the backlog drained.
     */
    private record Round(double itemsPerSecond, double cpuMicrosPerItem, Map<ThreadGroupCpu.Group, Double> byGroup) {
    }

    /**
     * CPU time of the service's threads that predict: the prediction loops (consumer, JSON, routing, producer) and
     * the threads that own the predictors (forward passes). The broker, which runs elsewhere in production, and the
     * load generator are left out.
     */
    private static long serviceCpuNanos() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (final ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && (thread.getThreadName().startsWith("prediction-loop-")
                    || thread.getThreadName().startsWith("inference-predictor"))) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return total;
    }

    /**
     * The raw DJL loop: one predictor per thread, as many threads as the service's pool, forward passes of the
     * service's largest size. Model, predictors and threads last for the whole kind, as the service's do: threads
     * and predictors made anew for each round ran their first rounds up to 40% slower per item than their later
     * ones, their native allocator still settling.
     */
    private static final class Ceiling implements AutoCloseable {

        private final LoadedModel model;
        private final List<Predictor<CleanItem, Classifications>> predictors = new ArrayList<>();
        private final ExecutorService threads;
        private final Cores cores;

        Ceiling(final LoadedModel model, final int size, final Cores cores) {
            this.model = model;
            this.cores = cores;
            for (int i = 0; i < size; i++) {
                predictors.add(model.newPredictor());
            }
            this.threads = Executors.newFixedThreadPool(size);
        }

        Round run(final List<CleanItem> items) throws Exception {
            final long deadline = System.nanoTime() + CEILING_ROUND.toNanos();
            final List<Future<long[]>> counts = new ArrayList<>();
            final long start = System.nanoTime();
            // the pool starts a thread per task submitted while it has fewer than its size, on the submitter's cores
            cores.onServiceCores(() -> {
                for (final Predictor<CleanItem, Classifications> predictor : predictors) {
                    counts.add(threads.submit(() -> forwardLoop(predictor, items, deadline)));
                }
                return null;
            });
            long total = 0;
            long cpu = 0;
            for (final Future<long[]> count : counts) {
                total += count.get()[0];
                cpu += count.get()[1];
            }
            return new Round(total / ((System.nanoTime() - start) / 1e9), cpu / 1e3 / total, Map.of());
        }

        /** Forward passes of the service's largest size until the deadline: items done and the thread's CPU time. */
        private static long[] forwardLoop(final Predictor<CleanItem, Classifications> predictor,
                final List<CleanItem> items, final long deadline) throws TranslateException {
            final long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long done = 0;
            for (int from = 0; System.nanoTime() < deadline; from = (from + MAX_FORWARD_PASS) % items.size()) {
                final int to = Math.min(items.size(), from + MAX_FORWARD_PASS);
                predictor.batchPredict(items.subList(from, to));
                done += to - from;
            }
            return new long[] {done, ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart};
        }

        @Override
        public void close() {
            threads.shutdown();
            predictors.forEach(Predictor::close);
            model.close();
        }
    }

    private static void sendInOneTransaction(final List<CleanItem> items) {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers());
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-backlog");
        try (KafkaProducer<String, CleanItem> producer = new KafkaProducer<>(settings, new StringSerializer(),
                JsonSerde.of(CleanItem.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (final CleanItem item : items) {
                producer.send(new ProducerRecord<>(Topics.ITEMS_CLEAN, item.itemId(), item));
            }
            producer.commitTransaction();
        }
    }

    /**
     * Offers items at a fixed rate through one producer for the whole run, connected and warm before the first
     * counted step: a producer made per step met each step with its first metadata fetch and connection, and its
     * first sends left late and together.
     */
    private static final class LoadGenerator implements AutoCloseable {

        private final KafkaProducer<String, CleanItem> producer;

        LoadGenerator() {
            final Map<String, Object> settings = new HashMap<>();
            settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers());
            if (GENERATOR_LINGER_MS != null) {
                settings.put(ProducerConfig.LINGER_MS_CONFIG, GENERATOR_LINGER_MS);
            }
            producer = new KafkaProducer<>(settings, new StringSerializer(), JsonSerde.of(CleanItem.class));
        }

        void send(final List<CleanItem> items, final double rate, final PredictionReader reader) {
            final long start = System.nanoTime();
            for (int i = 0; i < items.size(); i++) {
                final long due = start + (long) (i * 1e9 / rate);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                final CleanItem item = items.get(i);
                final int index = i;
                reader.sent(index);
                producer.send(new ProducerRecord<>(Topics.ITEMS_CLEAN, item.itemId(), item),
                        (metadata, error) -> reader.acknowledged(index));
            }
            producer.flush();
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    private static double percentile(final double[] sorted, final double quantile) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private ModelEvent storeModel(final Kind kind) {
        final Hyperparameters hyperparameters = Hyperparameters.defaults(kind.architecture);
        final ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, kind.project, "bench",
                kind.architecture, kind.labels, kind.input, hyperparameters, 1.0, Map.of("accuracy", 0.9), "bench",
                "bench", Instant.now());
        final Block block = kind.architecture.newBlock(kind.input, kind.labels.size(), hyperparameters);
        final byte[] artifact;
        try (Model model = Model.newInstance("bench", OfflineEngine.pytorch().defaultDevice(), OfflineEngine.ENGINE)) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, kind.architecture.inputShapes(kind.input));
            artifact = ModelArtifacts.write(block, manifest);
        }
        final ArtifactStore.StoredArtifact stored = new DirectoryArtifactStore(store).put(artifact);
        return new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.promoted, kind.project, "bench",
                kind.architecture.id(), kind.labels, "bench", stored.uri(), stored.sha256(), 1.0,
                Map.of("accuracy", 0.9), "bench", Instant.now());
    }

    /** Routing that sends most items to humans, as a young model would: every path writes a task or a label. */
    private static Project project(final Kind kind) {
        return new Project(Project.VERSION, kind.project, kind.project,
                kind.architecture.kind(), kind.labels.stream().map(label -> new Project.LabelDefinition(label, label,
                        null)).toList(), null, new Project.Redundancy(1, 3, 0.7),
                new Project.Routing(0.9, 0.05, Project.UncertaintyMeasure.margin), 0.0, null, null, null, null, 1,
                Instant.now());
    }

    /** A load step's items, whose predictions the reader measures from now on. */
    private static List<CleanItem> measured(final List<CleanItem> pool, final int count, final String step,
            final PredictionReader reader) {
        reader.startStep(step, count);
        return renamed(pool, count, step);
    }

    /**
     * {@code count} items cycling through the pool under new ids, each made when it is read: a load step's items
     * held in a list would survive young collections for the whole step and lengthen every pause of this JVM.
     */
    private static List<CleanItem> renamed(final List<CleanItem> pool, final int count, final String prefix) {
        return new AbstractList<>() {
            @Override
            public CleanItem get(final int index) {
                final CleanItem item = pool.get(index % pool.size());
                return new CleanItem(item.schemaVersion(), PredictionReader.itemId(prefix, index, item.itemId()),
                        item.project(), item.kind(), item.text(), item.imagePng(), item.width(), item.height(), item.channels(),
                        item.language(), item.fingerprints(), item.lineage(), item.metadata(), item.cleanedAt());
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /** The text kind's e-mail-sized clean items, as the loads offer them. */
    static List<CleanItem> emailSizedTexts(final int count) {
        return items(Kind.TEXT, count);
    }

    /** E-mail-sized texts (about 1,500 characters) and 28x28 gray PNGs, different from one another. */
    private static List<CleanItem> items(final Kind kind, final int count) {
        final Random random = new Random(42);
        final String[] words = ("meeting agenda notes project review lunch schedule report budget team winner free "
                + "money offer click prize cash lottery urgent the a you for today please and to of in is on with "
                + "account password invoice shipping order delivery confirm unsubscribe newsletter").split(" ");
        final List<CleanItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (kind.architecture.kind() == ItemKind.text) {
                final StringBuilder text = new StringBuilder();
                while (text.length() < 1_500) {
                    text.append(words[random.nextInt(words.length)]).append(random.nextInt(8) == 0 ? ". " : " ");
                }
                items.add(new CleanItem(CleanItem.VERSION, "t" + i, kind.project, ItemKind.text, text.toString(),
                        null, null, null, null, "en", null, null, null, Instant.now()));
            } else {
                items.add(new CleanItem(CleanItem.VERSION, "i" + i, kind.project, ItemKind.image, null,
                        png(random), 28, 28, 1, null, null, null, null, Instant.now()));
            }
        }
        return items;
    }

    private static String png(final Random random) {
        final BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        final int cx = 4 + random.nextInt(20);
        final int cy = 4 + random.nextInt(20);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                final boolean inside = Math.abs(x - cx) <= 5 && Math.abs(y - cy) <= 7;
                image.getRaster().setSample(x, y, 0, inside ? 180 + random.nextInt(70) : random.nextInt(30));
            }
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
