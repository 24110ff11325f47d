package io.labelstream.inference.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.labelstream.inference.streams.PredictionPipeline;

/**
 * Down when a prediction loop or a topic follower stopped on a failure it could not recover from (for example a
 * fenced producer): nothing would predict any more, and a restart of the service resumes from committed offsets.
 */
@Liveness
@ApplicationScoped
public class PredictionLivenessCheck implements HealthCheck {

    private final PredictionPipeline pipeline;

    @Inject
    PredictionLivenessCheck(final PredictionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Prediction loops").status(pipeline.isHealthy()).build();
    }
}
