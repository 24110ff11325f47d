package io.labelstream.inference.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.streams.PredictionPipeline;

/** Ready once projects and models are replayed, the champions loaded and warmed up, and the loops predicting. */
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
        return HealthCheckResponse.named("Predictions")
                .status(pipeline.isRunning())
                .withData("champions", registry.championVersions().toString())
                .build();
    }
}
