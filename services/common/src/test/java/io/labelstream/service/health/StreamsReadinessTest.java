package io.labelstream.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.streams.KafkaStreams.State;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class StreamsReadinessTest {

    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final StreamsReadiness readiness = new StreamsReadiness(state::get);

    private Status status() {
        return readiness.call().getStatus();
    }

    @Test
    void shouldWaitOutTheFirstRebalance() {
        assertThat(status()).isEqualTo(Status.DOWN);
        state.set(State.REBALANCING);
        assertThat(status()).as("joined, but no task assigned yet").isEqualTo(Status.DOWN);
        state.set(State.RUNNING);
        assertThat(status()).isEqualTo(Status.UP);
    }

    @Test
    void shouldStayReadyThroughALaterRebalance() {
        state.set(State.RUNNING);
        assertThat(status()).isEqualTo(Status.UP);
        state.set(State.REBALANCING);
        assertThat(status()).isEqualTo(Status.UP);
    }

    @Test
    void shouldBeDownOnceStreamsStopsOrFails() {
        state.set(State.RUNNING);
        assertThat(status()).isEqualTo(Status.UP);
        state.set(State.ERROR);
        assertThat(status()).isEqualTo(Status.DOWN);
        state.set(State.PENDING_SHUTDOWN);
        assertThat(status()).isEqualTo(Status.DOWN);
    }

    @Test
    void shouldNameTheState() {
        state.set(State.REBALANCING);
        assertThat(readiness.call().getData().orElseThrow())
                .containsEntry("state", "REBALANCING");
    }
}
