package io.labelstream.labeling.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.labelstream.labeling.kafka.TaskConsumer;

/** Ready once new tasks reach the queue: the task consumer has its partitions (see {@code FirstAssignment}). */
@Readiness
@ApplicationScoped
public class TaskIntakeReadinessCheck implements HealthCheck {

    private final TaskConsumer consumer;

    @Inject
    TaskIntakeReadinessCheck(final TaskConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return consumer.readiness("Task intake");
    }
}
