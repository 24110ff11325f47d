package io.labelstream.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the JVM's {@link TestKafkaCluster}.
 *
 * <pre>{@code
 * @WithTestResource(value = KafkaTestResource.class,
 *         initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "items.raw,items.clean"))
 * }</pre>
 *
 * <p>{@link #stop()} leaves the cluster running: it is shared by all tests of the JVM and stops with it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: comma-separated topics to create before the application starts. */
    public static final String TOPICS = "topics";

    private static final String KAFKA_STREAMS_CLASS = "org.apache.kafka.streams.KafkaStreams";

    private List<String> topics = List.of();

    @Override
    public void init(final Map<String, String> initArgs) {
        final String names = initArgs.getOrDefault(TOPICS, "");
        topics = Arrays.stream(names.split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .toList();
    }

    @Override
    public Map<String, String> start() {
        final String bootstrapServers = TestKafkaCluster.bootstrapServers();
        TestKafkaCluster.createTopics(topics);
        if (!usesKafkaStreams()) {
            return Map.of("kafka.bootstrap.servers", bootstrapServers);
        }
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quarkus.kafka-streams.bootstrap-servers", bootstrapServers);
    }

    /** Quarkus warns about settings of extensions an application does not have, so Streams gets its own only if present. */
    private static boolean usesKafkaStreams() {
        try {
            Class.forName(KAFKA_STREAMS_CLASS, false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (final ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        // shared per JVM, see TestKafkaCluster
    }
}
