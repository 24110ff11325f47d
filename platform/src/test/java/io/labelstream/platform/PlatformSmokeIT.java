package io.labelstream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.labelstream.schemas.TopicSpec;
import io.labelstream.schemas.Topics;
import io.labelstream.testing.FreePorts;

/**
 * The local platform end to end, as a developer runs it: {@code ./labelstream up}, every service ready, the topics
 * of the catalogue on a real broker, a transactional record read back {@code read_committed}, then
 * {@code ./labelstream down} with nothing left running.
 *
 * <p>Runs on free ports and in a temporary {@code LABELSTREAM_HOME}, so it never meets a platform a developer has
 * running. Needs the whole build installed first; {@code ./labelstream test} does that.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformSmokeIT {

    /** The services ./labelstream up starts: all four unless LABELSTREAM_SERVICES names a subset. */
    private static final List<String> SERVICES = servicesToStart();
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);
    private static final String SMOKE_TOPIC = "platform.smoke";

    private static Path root;
    private static Path home;
    private static Map<String, Integer> ports;
    private static Map<String, String> environment;
    private static Long crashedInferencePid;
    private static LocalDateTime secondRestartAt;

    @BeforeAll
    static void startPlatform() throws Exception {
        root = Path.of(System.getProperty("labelstream.root", "..")).toRealPath();
        home = Files.createTempDirectory("labelstream-e2e");
        ports = FreePorts.reserve("KAFKA", "CONTROLLER", "POSTGRES", "LABELING", "INGEST", "INFERENCE", "TRAINER");
        environment = new HashMap<>();
        environment.put("LABELSTREAM_HOME", home.toString());
        ports.forEach((name, port) -> environment.put("LABELSTREAM_" + name + "_PORT", String.valueOf(port)));

        final Result up = launcher(environment, UP_TIMEOUT, "up");
        assertEquals(0, up.exitCode(), () -> "./labelstream up failed:\n" + up.output());
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (environment != null) {
            launcher(environment, DOWN_TIMEOUT, "down");
        }
        if (home != null) {
            keepLogs();
            FileUtils.deleteDirectory(home.toFile());
        }
    }

    @Test
    @Order(1)
    void everyServiceReportsReady() throws Exception {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (final String service : SERVICES) {
            final URI ready = URI.create("http://127.0.0.1:" + ports.get(service.toUpperCase()) + "/q/health/ready");
            final HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), () -> service + " is not ready: " + response.body());
            assertTrue(response.body().contains("\"UP\""), () -> service + " is not UP: " + response.body());
        }
    }

    @Test
    @Order(1)
    void labelingServesItsPagesAndTheirScriptsFromThePackagedServiceWithTheSecurityHeaders() throws Exception {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (final String path : List.of("/", "/labeler.js", "/session.js", "/operations.html", "/operations.js",
                "/webjars/uplot/dist/uPlot.esm.js", "/webjars/uplot/dist/uPlot.min.css")) {
            final URI page = URI.create("http://127.0.0.1:" + ports.get("LABELING") + path);
            final HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), () -> path + " is not served: " + response.body());
            final HttpHeaders headers = response.headers();
            assertTrue(headers.firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
                    () -> path + ": " + headers.map());
            assertEquals(Optional.of("nosniff"), headers.firstValue("X-Content-Type-Options"), path);
            assertEquals(Optional.of("no-referrer"), headers.firstValue("Referrer-Policy"), path);
            assertEquals(List.of("no-cache"), headers.allValues("Cache-Control"), path);
        }
    }

    @Test
    @Order(2)
    void statusShowsEveryComponentRunning() throws Exception {
        final Result status = launcher(environment, DOWN_TIMEOUT, "status");
        assertEquals(0, status.exitCode(), status::output);
        final List<String> components = new ArrayList<>(List.of("broker", "postgres"));
        components.addAll(SERVICES);
        for (final String component : components) {
            assertTrue(status.output().lines().anyMatch(line -> line.startsWith(component) && line.contains("running")),
                    () -> component + " is not running:\n" + status.output());
        }
    }

    @Test
    @Order(3)
    void brokerHasEveryCatalogueTopicAsSpecified() throws Exception {
        try (Admin admin = Admin.create(TopicCreator.adminConfig(bootstrapServers()))) {
            final Set<String> names = admin.listTopics().names().get();
            final List<String> catalogueNames = Topics.catalogue().stream().map(TopicSpec::name).toList();
            assertTrue(names.containsAll(catalogueNames), () -> "missing topics; broker has " + names);

            final Map<String, TopicDescription> descriptions = admin.describeTopics(catalogueNames).allTopicNames().get();
            final Map<ConfigResource, Config> configs = admin.describeConfigs(catalogueNames.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();
            for (final TopicSpec spec : Topics.catalogue()) {
                assertEquals(spec.partitions(), descriptions.get(spec.name()).partitions().size(), spec.name());
                final Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.config().forEach((key, value) ->
                        assertEquals(value, config.get(key).value(), spec.name() + " " + key));
            }
            final List<String> strangers = names.stream()
                    .filter(name -> !catalogueNames.contains(name))
                    .filter(name -> !name.endsWith("-changelog") && !name.endsWith("-repartition"))
                    .filter(name -> !name.equals(SMOKE_TOPIC))
                    .toList();
            assertEquals(List.of(), strangers, "topics that are neither in the catalogue nor Kafka Streams internals");
        }
    }

    @Test
    @Order(4)
    void readCommittedConsumerSeesOnlyTheCommittedRecord() throws Exception {
        try (Admin admin = Admin.create(TopicCreator.adminConfig(bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(SMOKE_TOPIC, 1, (short) 1))).all().get();
        }
        final Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "platform-smoke");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(SMOKE_TOPIC, "item-1", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(SMOKE_TOPIC, "item-1", "committed"));
            producer.commitTransaction();
        }

        final Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            final TopicPartition partition = new TopicPartition(SMOKE_TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // The end offset is past both transaction markers once the committed record is readable.
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        assertEquals(List.of("committed"), values);
    }

    @Test
    @Order(4)
    void theClientsExplainTheirOptions() throws Exception {
        for (final String client : List.of("produce", "crowd")) {
            final Result help = launcher(environment, DOWN_TIMEOUT, client, "--help");
            assertEquals(0, help.exitCode(), help::output);
            assertTrue(help.output().contains("Usage: " + client), help::output);
        }
        final Result neither = launcher(environment, DOWN_TIMEOUT, "produce");
        assertEquals(2, neither.exitCode(), neither::output);
        assertTrue(neither.output().contains("Give either --dataset or --file."), neither::output);
    }

    @Test
    @Order(4)
    void theUpstreamProducerAndTheCrowdWorkAgainstThePlatform() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(SERVICES.containsAll(List.of("ingest", "labeling")),
                "needs ingest and labeling");
        final Result produce = launcher(environment, DOWN_TIMEOUT, "produce", "--dataset", "spam", "--count", "20",
                "--seed", "7");
        assertEquals(0, produce.exitCode(), produce::output);
        assertTrue(produce.output().contains("sent 20 items to items.raw via kafka"), produce::output);
        assertTrue(produce.output().lines().anyMatch(line -> line.trim().startsWith("clean")), produce::output);

        final Result crowd = launcher(environment, DOWN_TIMEOUT, "crowd", "--project", "spam", "--labelers", "2",
                "--answers", "6", "--answer-time", "20");
        assertEquals(0, crowd.exitCode(), crowd::output);
        assertTrue(crowd.output().contains("6 answers in all"), crowd::output);
    }

    @Test
    @Order(5)
    void upWithEverythingRunningLeavesItAlone() throws Exception {
        final Map<String, Long> before = componentPids();
        final Result again = launcher(environment, DOWN_TIMEOUT, "up");
        assertEquals(0, again.exitCode(), again::output);
        assertTrue(again.output().contains("everything is running already"), again::output);
        assertEquals(before, componentPids());
    }

    @Test
    @Order(6)
    void upBringsBackOnlyTheServiceThatDiedWhileTheOthersKeepServing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(SERVICES.containsAll(List.of("ingest", "inference")),
                "needs ingest and inference");
        final Map<String, Long> before = componentPids();
        crashedInferencePid = before.get("inference");
        final ProcessHandle inference = ProcessHandle.of(crashedInferencePid).orElseThrow();
        inference.destroyForcibly();
        inference.onExit().get(1, TimeUnit.MINUTES);

        final Result up;
        try (ReadinessWatch ingest = new ReadinessWatch(ports.get("INGEST"))) {
            up = launcher(environment, UP_TIMEOUT, "up");
            assertEquals(List.of(), ingest.failures(), "ingest stopped answering while inference came back");
        }
        assertEquals(0, up.exitCode(), up::output);
        assertTrue(up.output().contains("starting what is not running: inference"), up::output);

        final Map<String, Long> after = componentPids();
        assertNotEquals(before.get("inference"), after.get("inference"));
        before.remove("inference");
        after.remove("inference");
        assertEquals(before, after, "the components that kept running were left alone");
        assertTrue(statusLine("inference").contains("restarts 1"), () -> statusLine("inference"));
        assertTrue(statusLine("ingest").contains("restarts 0"), () -> statusLine("ingest"));
    }

    @Test
    @Order(7)
    void restartOfOneServiceKeepsTheOthersProcesses() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(SERVICES.containsAll(List.of("ingest", "inference")),
                "needs ingest and inference");
        final Map<String, Long> before = componentPids();
        secondRestartAt = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        final Result restart = launcher(environment, UP_TIMEOUT, "restart", "inference");
        assertEquals(0, restart.exitCode(), restart::output);

        final Map<String, Long> after = componentPids();
        assertNotEquals(before.get("inference"), after.get("inference"));
        assertEquals(before.get("ingest"), after.get("ingest"), "restart inference must not touch ingest");
        before.remove("inference");
        after.remove("inference");
        assertEquals(before, after);
        assertTrue(statusLine("inference").contains("restarts 2"), () -> statusLine("inference"));
        assertTrue(statusLine("inference").contains("ready"), () -> statusLine("inference"));
    }

    @Test
    @Order(8)
    void theLogOfACrashedRunIsStillThereAfterTwoRestarts() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(crashedInferencePid != null, "needs the crash above");
        final String crashed = "[" + crashedInferencePid + "]";
        final Result logs = launcher(environment, DOWN_TIMEOUT, "logs", "inference");
        assertEquals(0, logs.exitCode(), () -> "logs failed");
        assertTrue(logs.output().contains(crashed), "the crashed run's lines, written by process " + crashed);
        final String[] runs = logs.output().lines().filter(line -> line.contains("labelstream-inference")
                && line.contains(" started in ")).toArray(String[]::new);
        assertEquals(3, runs.length, () -> "three starts of inference in its log, oldest first: "
                + String.join("\n", runs));
        assertTrue(runs[0].contains(crashed), runs[0]);

        final Result since = launcher(environment, DOWN_TIMEOUT, "logs", "inference", "--since",
                secondRestartAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        assertEquals(0, since.exitCode(), since::output);
        assertFalse(since.output().contains(crashed), "--since leaves out what came before");
        assertEquals(1, since.output().lines().filter(line -> line.contains(" started in ")).count(),
                "only the run after the second restart");
    }

    @Test
    @Order(9)
    void upOnATakenPortNamesThePortAndStartsNothing() throws Exception {
        final Path otherHome = Files.createTempDirectory("labelstream-e2e-taken");
        final Map<String, String> other = new HashMap<>(environment);
        other.put("LABELSTREAM_HOME", otherHome.toString());
        FreePorts.reserve("KAFKA", "CONTROLLER", "POSTGRES", "LABELING", "INGEST", "INFERENCE", "TRAINER")
                .forEach((name, port) -> other.put("LABELSTREAM_" + name + "_PORT", String.valueOf(port)));
        final int taken = Integer.parseInt(other.get("LABELSTREAM_POSTGRES_PORT"));
        try (ServerSocket occupant = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
            final Result up = launcher(other, DOWN_TIMEOUT, "up");
            assertNotEquals(0, up.exitCode());
            assertTrue(up.output().contains("port " + taken), up::output);
            assertEquals(List.of(), pidFiles(otherHome));
        } finally {
            FileUtils.deleteDirectory(otherHome.toFile());
        }
    }

    @Test
    @Order(10)
    void downStopsEveryProcessAndFreesEveryPort() throws Exception {
        final List<Path> pidFiles = pidFiles(home);
        assertEquals(2 + SERVICES.size(), pidFiles.size(), () -> "pid files: " + pidFiles);
        final List<Long> pids = new ArrayList<>();
        for (final Path pidFile : pidFiles) {
            pids.add(Long.parseLong(Files.readString(pidFile).trim()));
        }
        pids.add(Long.parseLong(Files.readAllLines(home.resolve("data/postgres/postmaster.pid")).get(0).trim()));

        final Result down = launcher(environment, DOWN_TIMEOUT, "down");
        assertEquals(0, down.exitCode(), down::output);

        for (final long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is left");
        }
        assertEquals(List.of(), pidFiles(home));
        for (final Map.Entry<String, Integer> port : ports.entrySet()) {
            try (ServerSocket probe = new ServerSocket(port.getValue(), 1, InetAddress.getLoopbackAddress())) {
                assertTrue(probe.isBound(), port.getKey());
            }
        }
        final Result status = launcher(environment, DOWN_TIMEOUT, "status");
        assertNotEquals(0, status.exitCode(), "status after down should report that nothing runs");
    }

    private static List<String> servicesToStart() {
        final String chosen = System.getenv("LABELSTREAM_SERVICES");
        if (chosen == null) {
            return List.of("labeling", "ingest", "inference", "trainer");
        }
        return Stream.of(chosen.trim().split("\\s+")).filter(name -> !name.isEmpty()).toList();
    }

    /** The platform's logs outlive its temporary home, for whoever has to find out why a run failed. */
    private static void keepLogs() throws IOException {
        final Path logs = home.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        final Path kept = Path.of("target", "platform-e2e-logs");
        FileUtils.deleteDirectory(kept.toFile());
        Files.createDirectories(kept);
        try (Stream<Path> files = Files.list(logs)) {
            for (final Path log : files.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()));
            }
        }
    }

    private static String bootstrapServers() {
        return "127.0.0.1:" + ports.get("KAFKA");
    }

    /** Component name to process id, from the launcher's pid files. */
    private static Map<String, Long> componentPids() throws IOException {
        final Map<String, Long> pids = new HashMap<>();
        for (final Path pidFile : pidFiles(home)) {
            final String name = pidFile.getFileName().toString().replace(".pid", "");
            pids.put(name, Long.parseLong(Files.readString(pidFile).trim()));
        }
        return pids;
    }

    private static String statusLine(final String component) {
        try {
            final Result status = launcher(environment, DOWN_TIMEOUT, "status");
            return status.output().lines().filter(line -> line.startsWith(component + " ")).findFirst()
                    .orElse("no status line for " + component + ":\n" + status.output());
        } catch (final IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asks a service's readiness every 100 ms until closed, and keeps every answer that was not 200. */
    private static final class ReadinessWatch implements AutoCloseable {

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final URI ready;
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        ReadinessWatch(final int port) {
            this.ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            timer.scheduleWithFixedDelay(this::ask, 0, 100, TimeUnit.MILLISECONDS);
        }

        private void ask() {
            try {
                final HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    failures.add(response.statusCode() + " " + response.body());
                }
            } catch (final IOException e) {
                failures.add(e.toString());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static List<Path> pidFiles(final Path stateHome) throws IOException {
        final Path run = stateHome.resolve("run");
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(file -> file.toString().endsWith(".pid")).sorted().toList();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result launcher(final Map<String, String> env, final Duration timeout, final String... args)
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(root.resolve("labelstream").toString());
        command.addAll(List.of(args));
        final Path output = Files.createTempFile("labelstream-e2e", ".out");
        try {
            final ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            final Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeout + ":\n" + Files.readString(output));
            }
            final String text = Files.readString(output, StandardCharsets.UTF_8);
            System.out.printf("$ ./labelstream %s%n%s", String.join(" ", args), text);
            return new Result(process.exitValue(), text);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
