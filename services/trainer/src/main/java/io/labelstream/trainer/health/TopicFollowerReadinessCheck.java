package io.labelstream.trainer.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.labelstream.trainer.kafka.TopicFollower;

/** Ready once new labels and items reach the trainer: its follower has its partitions (see {@code FirstAssignment}). */
@Readiness
@ApplicationScoped
public class TopicFollowerReadinessCheck implements HealthCheck {

    private final TopicFollower follower;

    @Inject
    TopicFollowerReadinessCheck(final TopicFollower follower) {
        this.follower = follower;
    }

    @Override
    public HealthCheckResponse call() {
        return follower.readiness("Topic follower");
    }
}
