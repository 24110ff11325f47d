package io.labelstream.inference.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.streams.PredictionPipeline;

/**
 * Ready once projects and models are replayed, the champions loaded and warmed up, and the loops predicting: running
 * and given their partitions by the group. A restarted instance can wait for its partitions for as long as the
 * group waits out the session of the process it replaces.
 */
@Readiness
@ApplicationScoped
public class PredictionReadinessCheck implements HealthCheck {

    private final PredictionPipeline pipeline;
    private final ModelRegistry registry;

    @Inject
    PredictionReadinessCheck(final PredictionPipeline pipeline, final ModelRegistry registry) {
        this.pipeline = pipeline;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        final boolean running = pipeline.isRunning();
        final boolean assigned = pipeline.isAssigned();
        return HealthCheckResponse.named("Predictions")
                .status(running && assigned)
                .withData("champions", registry.championVersions().toString())
                .withData("assignment", assigned ? "received" : "waiting for the group to assign partitions")
                .build();
    }
}
