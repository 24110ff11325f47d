package io.labelstream.bench.recovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.labelstream.schemas.Topics;
import io.labelstream.testing.FreePorts;

/**
 * How long a crashed service takes to produce again: {@code kill -9} of ingest or inference, then
 * {@code ./labelstream up}, which brings back only that service, and a new raw item sent at once. The time runs from
 * the kill until the service's first committed output (read_committed) of that item. Each round measures both
 * services with dynamic group membership (the baseline: the group waits out the crashed member's session) and with
 * static membership (the launcher's default), alternating, and prints the ratio of the medians.
 *
 * <p>Runs its own platform through the launcher in a temporary {@code LABELSTREAM_HOME} on free ports, from the
 * installed build: {@code mvn -pl bench/recovery exec:java [-Dbench.rounds=3]} from the checkout.
 */
public final class RecoveryBenchmark {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration OUTPUT_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> WORDS = List.of(("the meeting about our budget moves to next week because "
            + "several people on the team are travelling and we would rather have everyone in the room when we decide "
            + "which projects get money this year please send me your figures before friday so that I can put the "
            + "numbers together and share a short summary with the group on monday morning thanks again for your help "
            + "with the report last month it was clear and the board liked the charts very much we should also talk "
            + "about hiring a new engineer for the data platform since the old servers need work and the new office "
            + "opens in spring").split(" "));

    enum Membership {
        DYNAMIC("0"), STATIC("1");

        final String launcherSetting;

        Membership(final String launcherSetting) {
            this.launcherSetting = launcherSetting;
        }
    }

    /** A crashed service and the topics its committed output goes to. */
    enum Service {
        INGEST("ingest", List.of(Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES, Topics.ITEMS_REJECTED)),
        INFERENCE("inference", List.of(Topics.PREDICTIONS, Topics.TASKS_LABELING, Topics.LABELS));

        final String component;
        final List<String> outputs;

        Service(final String component, final List<String> outputs) {
            this.component = component;
            this.outputs = outputs;
        }
    }

    private final Path root;
    private final Path home;
    private final Map<String, Integer> ports;
    private final Random random = new Random(42);

    private RecoveryBenchmark(final Path root, final Path home, final Map<String, Integer> ports) {
        this.root = root;
        this.home = home;
        this.ports = ports;
    }

    public static void main(final String[] args) throws Exception {
        final int rounds = Integer.getInteger("bench.rounds", 3);
        final Path root = checkout(Path.of(System.getProperty("user.dir")).toRealPath());
        final Path home = Files.createTempDirectory("labelstream-recovery");
        final RecoveryBenchmark bench = new RecoveryBenchmark(root, home,
                FreePorts.reserve("KAFKA", "CONTROLLER", "POSTGRES", "LABELING", "INGEST", "INFERENCE", "TRAINER"));
        final Map<Service, Map<Membership, List<Duration>>> results = new EnumMap<>(Service.class);
        boolean measured = false;
        try {
            bench.launcher(Membership.STATIC, START_TIMEOUT, "up");
            for (int round = 1; round <= rounds; round++) {
                for (final Membership membership : Membership.values()) {
                    bench.launcher(membership, START_TIMEOUT, "restart", "ingest", "inference");
                    for (final Service service : Service.values()) {
                        final Duration took = bench.killAndRecover(service, membership);
                        System.out.printf("round %d  %-9s %-7s kill -9 to first committed output: %5.1f s%n", round,
                                service.component, membership, took.toMillis() / 1000.0);
                        results.computeIfAbsent(service, s -> new EnumMap<>(Membership.class))
                                .computeIfAbsent(membership, m -> new ArrayList<>()).add(took);
                    }
                }
            }
            measured = true;
        } finally {
            bench.launcher(Membership.STATIC, START_TIMEOUT, "down");
            if (measured) {
                FileUtils.deleteDirectory(home.toFile());
            } else {
                System.out.println("kept the platform's state and logs for a look: " + home);
            }
        }
        report(rounds, results);
    }

    private Duration killAndRecover(final Service service, final Membership membership) throws Exception {
        try (OutputWatch watch = new OutputWatch(bootstrapServers(), service.outputs)) {
            final long pid = Long.parseLong(Files.readString(home.resolve("run/" + service.component + ".pid")).trim());
            final ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            process.destroyForcibly();
            process.onExit().get(1, TimeUnit.MINUTES);
            final long killed = System.nanoTime();
            final Process up = start(membership, "up");
            sendRawItem();
            if (!watch.awaitRecord(OUTPUT_TIMEOUT)) {
                throw new IllegalStateException(service.component + " produced nothing within " + OUTPUT_TIMEOUT);
            }
            final Duration took = Duration.ofNanos(System.nanoTime() - killed);
            finish(up, START_TIMEOUT, "up");
            return took;
        }
    }

    /**
     * An English text item no earlier round sent: words drawn at random, so that it is neither a duplicate nor a near
     * duplicate, from English words, so that ingest's language filter lets it through.
     */
    private void sendRawItem() {
        final String words = Stream.generate(() -> WORDS.get(random.nextInt(WORDS.size()))).limit(80)
                .collect(Collectors.joining(" "));
        final String itemId = UUID.randomUUID().toString();
        final String json = "{\"schemaVersion\":1,\"project\":\"spam\",\"sourceId\":\"recovery-bench\","
                + "\"sourceItemId\":\"" + itemId + "\",\"kind\":\"text\",\"contentType\":\"text/plain\","
                + "\"content\":\"" + words + "\"}";
        final Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ITEMS_RAW, itemId, json));
            producer.flush();
        }
    }

    private String bootstrapServers() {
        return "127.0.0.1:" + ports.get("KAFKA");
    }

    private void launcher(final Membership membership, final Duration timeout, final String... args)
            throws IOException, InterruptedException {
        finish(start(membership, args), timeout, String.join(" ", args));
    }

    private Process start(final Membership membership, final String... args) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(root.resolve("labelstream").toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("launcher.out").toFile()));
        final Map<String, String> environment = builder.environment();
        environment.put("LABELSTREAM_HOME", home.toString());
        environment.put("LABELSTREAM_SKIP_BUILD", "1");
        environment.put("LABELSTREAM_STATIC_MEMBERSHIP", membership.launcherSetting);
        ports.forEach((name, port) -> environment.put("LABELSTREAM_" + name + "_PORT", String.valueOf(port)));
        return builder.start();
    }

    private void finish(final Process process, final Duration timeout, final String what)
            throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroy();
            throw new IllegalStateException("./labelstream " + what + " failed; its output:\n"
                    + Files.readString(home.resolve("launcher.out")));
        }
    }

    private static void report(final int rounds, final Map<Service, Map<Membership, List<Duration>>> results) {
        System.out.printf("%nkill -9, then ./labelstream up: seconds to the service's first committed output, "
                + "%d rounds each, alternating%n", rounds);
        for (final Map.Entry<Service, Map<Membership, List<Duration>>> service : results.entrySet()) {
            final Map<Membership, Double> medians = new LinkedHashMap<>();
            for (final Map.Entry<Membership, List<Duration>> runs : service.getValue().entrySet()) {
                final List<Double> seconds = runs.getValue().stream().map(d -> d.toMillis() / 1000.0).sorted().toList();
                medians.put(runs.getKey(), seconds.get(seconds.size() / 2));
                System.out.printf("  %-9s %-7s median %5.1f  min %5.1f  max %5.1f  runs %s%n",
                        service.getKey().component, runs.getKey(), seconds.get(seconds.size() / 2), seconds.get(0),
                        seconds.get(seconds.size() - 1), seconds);
            }
            System.out.printf("  %-9s static / dynamic (median): %.2f%n", service.getKey().component,
                    medians.get(Membership.STATIC) / medians.get(Membership.DYNAMIC));
        }
    }

    private static Path checkout(final Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("labelstream")) && Files.isDirectory(dir.resolve("services"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from the checkout: no ./labelstream above " + start);
    }

    /** Positioned at the end of the output topics before the kill; sees the first committed record after it. */
    private static final class OutputWatch implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;

        OutputWatch(final String bootstrapServers, final List<String> topics) {
            final Properties settings = new Properties();
            settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final List<TopicPartition> partitions = topics.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        boolean awaitRecord(final Duration timeout) {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
