package io.labelstream.ingest.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.labelstream.service.health.StreamsReadiness;

/**
 * Ready once the topology processes (see {@link StreamsReadiness}). Quarkus' own Streams check counts
 * {@code REBALANCING} as up, which a restarted instance is for as long as the group keeps it waiting.
 */
@Readiness
@ApplicationScoped
public class StreamsProcessingReadinessCheck implements HealthCheck {

    private final StreamsReadiness readiness;

    @Inject
    StreamsProcessingReadinessCheck(final KafkaStreams streams) {
        this.readiness = new StreamsReadiness(streams::state);
    }

    @Override
    public HealthCheckResponse call() {
        return readiness.check("Kafka Streams processing");
    }
}
