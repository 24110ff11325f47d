package io.labelstream.service.health;

import java.util.Collection;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether a consumer group member has received its first assignment. Until then it processes nothing, however
 * healthy everything else is: a restarted member waits for the group to rebalance, and that can take as long as the
 * session timeout of a member that died without leaving. A readiness check that ignores this reports a service
 * ready half a minute before it does any work.
 *
 * <p>Pass it (or the listener it wraps) to {@code subscribe}. An assignment counts even when it is empty: with more
 * members than partitions, a member without partitions is as ready as it will get.
 */
public final class FirstAssignment implements ConsumerRebalanceListener {

    private static final ConsumerRebalanceListener NOTHING_MORE = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
        }
    };

    private final String group;
    private final ConsumerRebalanceListener next;
    private volatile boolean received;

    public FirstAssignment(final String group) {
        this(group, NOTHING_MORE);
    }

    /** Tracks the first assignment and passes every callback on to {@code next}. */
    public FirstAssignment(final String group, final ConsumerRebalanceListener next) {
        this.group = group;
        this.next = next;
    }

    public boolean received() {
        return received;
    }

    /** Up once the first assignment arrived; later rebalances do not take that back. */
    public HealthCheckResponse check(final String name) {
        return HealthCheckResponse.named(name)
                .status(received)
                .withData("group", group)
                .withData("assignment", received ? "received" : "waiting for the group to assign partitions")
                .build();
    }

    @Override
    public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
        next.onPartitionsAssigned(partitions);
        received = true;
    }

    @Override
    public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
        next.onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsLost(final Collection<TopicPartition> partitions) {
        next.onPartitionsLost(partitions);
    }
}
