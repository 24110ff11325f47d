package io.labelstream.labeling.health;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.schemas.Topics;
import io.labelstream.service.health.KafkaTopicsProbe;
import io.smallrye.common.annotation.Identifier;

/** Ready only when every topic this service reads or writes exists (see {@link KafkaTopicsProbe}). */
@Readiness
@ApplicationScoped
public class TopicsReadinessCheck implements HealthCheck {

    static final List<String> REQUIRED_TOPICS = List.of(
            Topics.ITEMS_CLEAN,
            Topics.ITEMS_DUPLICATES,
            Topics.TASKS_LABELING,
            Topics.LABELS,
            Topics.MODELS,
            Topics.TRAINING_PROGRESS,
            Topics.PROJECTS);

    private final KafkaTopicsProbe probe;

    @Inject
    TopicsReadinessCheck(@Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig,
            final LabelingConfig config) {
        this.probe = new KafkaTopicsProbe(kafkaConfig, REQUIRED_TOPICS, config.topicsCheckTimeout());
    }

    @Override
    public HealthCheckResponse call() {
        return probe.check();
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
