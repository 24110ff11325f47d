package io.labelstream.service.health;

import java.util.function.Supplier;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether a Kafka Streams application processes: ready once it has been {@code RUNNING}, that is once its first
 * rebalance completed and its tasks were assigned and restored. Being {@code REBALANCING} at start means waiting
 * for the group, often for the session timeout of a predecessor that died without leaving; a later rebalance (an
 * instance joins or leaves) does not make the service unready, as processing resumes by itself. Quarkus' own
 * Streams check counts {@code REBALANCING} as up. A service that runs Kafka Streams produces one as a
 * {@code @Readiness} bean.
 */
public final class StreamsReadiness implements HealthCheck {

    private final Supplier<KafkaStreams.State> state;
    private volatile boolean ranOnce;

    public StreamsReadiness(final Supplier<KafkaStreams.State> state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        final KafkaStreams.State current = state.get();
        if (current == KafkaStreams.State.RUNNING) {
            ranOnce = true;
        }
        return HealthCheckResponse.named("Kafka Streams processing")
                .status(ranOnce && current.isRunningOrRebalancing())
                .withData("state", current.name())
                .withData("processing", ranOnce ? "since its first assignment" : "waiting for its first assignment")
                .build();
    }
}
