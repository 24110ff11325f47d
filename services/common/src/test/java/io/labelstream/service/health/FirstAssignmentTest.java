package io.labelstream.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class FirstAssignmentTest {

    private static final TopicPartition PARTITION = new TopicPartition("items.clean", 0);

    @Test
    void shouldBeDownUntilTheFirstAssignmentAndStayUpThroughLaterRebalances() {
        final FirstAssignment assignment = new FirstAssignment("group-a");
        assertThat(assignment.check("Consumer").getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(assignment.check("Consumer").getData().orElseThrow()).containsEntry("group", "group-a");

        assignment.onPartitionsAssigned(List.of(PARTITION));
        assertThat(assignment.check("Consumer").getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        assignment.onPartitionsRevoked(List.of(PARTITION));
        assignment.onPartitionsAssigned(List.of());
        assertThat(assignment.received()).isTrue();
    }

    @Test
    void shouldCountAnEmptyAssignment() {
        final FirstAssignment assignment = new FirstAssignment("group-a");
        assignment.onPartitionsAssigned(List.of());
        assertThat(assignment.received()).isTrue();
    }

    @Test
    void shouldPassEveryCallbackOn() {
        final List<String> calls = new ArrayList<>();
        final FirstAssignment assignment = new FirstAssignment("group-a", new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
                calls.add("revoked " + partitions);
            }

            @Override
            public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
                calls.add("assigned " + partitions);
            }

            @Override
            public void onPartitionsLost(final Collection<TopicPartition> partitions) {
                calls.add("lost " + partitions);
            }
        });
        assignment.onPartitionsAssigned(List.of(PARTITION));
        assignment.onPartitionsRevoked(List.of(PARTITION));
        assignment.onPartitionsLost(List.of(PARTITION));
        assertThat(calls).containsExactly("assigned [items.clean-0]", "revoked [items.clean-0]",
                "lost [items.clean-0]");
    }

    @Test
    void shouldNotCountAnAssignmentTheServiceCouldNotTakeOn() {
        final FirstAssignment assignment = new FirstAssignment("group-a", new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
                throw new IllegalStateException("cannot seek");
            }
        });
        try {
            assignment.onPartitionsAssigned(List.of(PARTITION));
        } catch (final IllegalStateException expected) {
            // the consumer passes it on to poll
        }
        assertThat(assignment.received()).isFalse();
    }
}
