package io.labelstream.testing;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real, in-process Kafka cluster per test JVM: a single KRaft node acting as broker and controller.
 *
 * <p>Usable from plain JUnit tests ({@link #bootstrapServers()}) and, through {@link KafkaTestResource}, from
 * {@code @QuarkusTest}s. The cluster starts on first use and stops when the JVM exits, so every suite in a module
 * pays the start-up cost once.
 */
public final class TestKafkaCluster {

    /**
     * The bootstrap address is published as a system property because Quarkus loads test resources in more than
     * one class loader; the property is the only state they all see, and it keeps the cluster one per JVM.
     */
    static final String BOOTSTRAP_PROPERTY = "labelstream.test.kafka.bootstrap-servers";

    private static final int PARTITIONS = 1;
    private static final short REPLICATION_FACTOR = 1;

    private TestKafkaCluster() {
    }

    /** Starts the cluster if this JVM has none yet and returns its bootstrap address. */
    public static String bootstrapServers() {
        synchronized (System.getProperties()) {
            final String running = System.getProperty(BOOTSTRAP_PROPERTY);
            if (running != null) {
                return running;
            }
            final String started = start();
            System.setProperty(BOOTSTRAP_PROPERTY, started);
            return started;
        }
    }

    /** Creates the topics that do not exist yet, each with one partition. */
    public static void createTopics(final String... topics) {
        createTopics(Arrays.asList(topics));
    }

    /** Creates the topics that do not exist yet, each with one partition. */
    public static void createTopics(final List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic))
                    .distinct()
                    .map(topic -> new NewTopic(topic, PARTITIONS, REPLICATION_FACTOR))
                    .toList();
            admin.createTopics(missing).all().get();
        } catch (final ExecutionException e) {
            // another test may have created the same topic between listing and creating
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topics " + topics, e);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + topics, e);
        }
    }

    /** Client properties pointing at the cluster, for producers, consumers and admin clients in tests. */
    public static Properties clientProperties() {
        final Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    private static String start() {
        try {
            final TestKitNodes nodes = new TestKitNodes.Builder()
                    // without an explicit directory the kit registers a shutdown hook that deletes the log
                    // directory while the broker still writes to it, and the broker halts the JVM on that failure
                    .setBaseDirectory(Files.createTempDirectory("labelstream-test-kafka-"))
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            final KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setDeleteOnClose(true)
                    // a single node can only hold one replica of the internal topics
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    // tests join groups one consumer at a time; waiting for more members only slows them down
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(cluster), "test-kafka-cluster-shutdown"));
            return cluster.bootstrapServers();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the test Kafka cluster", e);
        } catch (final Exception e) {
            throw new IllegalStateException("Could not start the test Kafka cluster", e);
        }
    }

    private static void close(final KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (final Exception e) {
            System.err.println("Could not stop the test Kafka cluster: " + e);
        }
    }
}
