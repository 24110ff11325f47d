package io.labelstream.platform;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import io.labelstream.schemas.TopicSpec;
import io.labelstream.schemas.Topics;

/**
 * Creates every topic of the catalogue ({@link Topics#catalogue()}) that the broker does not have yet, with the
 * catalogue's partition count and config. Safe to run again: existing topics are left as they are, and a partition
 * count that differs from the catalogue is reported. Returns once the broker serves every topic it created, so
 * clients started right after it find them.
 *
 * <p>Argument: {@code BOOTSTRAP_SERVERS}, e.g. {@code 127.0.0.1:9092}.
 */
public final class TopicCreator {

    /** A single local broker: one copy of each partition. */
    private static final short REPLICATION_FACTOR = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DESCRIBE_BACKOFF = Duration.ofMillis(50);

    private final Admin admin;

    public TopicCreator(final Admin admin) {
        this.admin = admin;
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: TopicCreator BOOTSTRAP_SERVERS");
            System.exit(2);
        }
        try (Admin admin = Admin.create(adminConfig(args[0]))) {
            final List<String> created = new TopicCreator(admin).createMissing(Topics.catalogue());
            System.out.printf("topics: %d in the catalogue, %d created%s%n", Topics.catalogue().size(), created.size(),
                    created.isEmpty() ? "" : " " + created);
        }
    }

    static Properties adminConfig(final String bootstrapServers) {
        final Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return config;
    }

    /**
     * Creates the catalogue's topics that are missing and returns their names, once the broker serves them.
     *
     * @throws TimeoutException if the broker does not serve them all within {@link #TIMEOUT}
     */
    public List<String> createMissing(final List<TopicSpec> catalogue) throws InterruptedException, ExecutionException {
        final Set<String> existing = admin.listTopics().names().get();
        reportPartitionMismatches(catalogue, existing);
        final List<NewTopic> missing = catalogue.stream()
                .filter(spec -> !existing.contains(spec.name()))
                .map(TopicCreator::newTopic)
                .toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        for (final Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(missing).values().entrySet()) {
            try {
                result.getValue().get();
            } catch (final ExecutionException e) {
                // Another creator got there first; the topic is what we wanted.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        final List<String> names = missing.stream().map(NewTopic::name).toList();
        awaitServed(names);
        return names;
    }

    /**
     * Waits until the broker serves the topics: they are described and every partition has a leader. Creating a
     * topic completes once the KRaft controller has committed it, which is before the broker has applied that
     * metadata; until then the broker answers requests about the topic with {@link UnknownTopicOrPartitionException}.
     * The topics another creator got to first are waited for too: they may not have reached the broker either.
     */
    private void awaitServed(final Collection<String> topics) throws InterruptedException, ExecutionException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        final Set<String> pending = new TreeSet<>(topics);
        while (true) {
            final long remainingMs = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (remainingMs <= 0) {
                throw new TimeoutException("topics created but not served by the broker within " + TIMEOUT + ": "
                        + pending);
            }
            final DescribeTopicsOptions options = new DescribeTopicsOptions().timeoutMs((int) remainingMs);
            for (final Map.Entry<String, KafkaFuture<TopicDescription>> described
                    : admin.describeTopics(List.copyOf(pending), options).topicNameValues().entrySet()) {
                if (isServed(described.getValue())) {
                    pending.remove(described.getKey());
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            Thread.sleep(DESCRIBE_BACKOFF.toMillis());
        }
    }

    private static boolean isServed(final KafkaFuture<TopicDescription> description)
            throws InterruptedException, ExecutionException {
        try {
            return description.get().partitions().stream().allMatch(TopicCreator::hasLeader);
        } catch (final ExecutionException e) {
            // not on the broker yet, or the describe ran out of time; the caller's deadline decides
            if (e.getCause() instanceof UnknownTopicOrPartitionException || e.getCause() instanceof TimeoutException) {
                return false;
            }
            throw e;
        }
    }

    private static boolean hasLeader(final TopicPartitionInfo partition) {
        return partition.leader() != null && !partition.leader().isEmpty();
    }

    private void reportPartitionMismatches(final List<TopicSpec> catalogue, final Set<String> existing)
            throws InterruptedException, ExecutionException {
        final Map<String, Integer> expected = catalogue.stream()
                .filter(spec -> existing.contains(spec.name()))
                .collect(Collectors.toMap(TopicSpec::name, TopicSpec::partitions));
        if (expected.isEmpty()) {
            return;
        }
        final Map<String, TopicDescription> described = admin.describeTopics(expected.keySet()).allTopicNames().get();
        described.forEach((name, description) -> {
            final int actual = description.partitions().size();
            if (actual != expected.get(name)) {
                System.err.printf("topic %s has %d partitions, the catalogue says %d; left as it is%n",
                        name, actual, expected.get(name));
            }
        });
    }

    private static NewTopic newTopic(final TopicSpec spec) {
        return new NewTopic(spec.name(), spec.partitions(), REPLICATION_FACTOR).configs(spec.config());
    }
}
