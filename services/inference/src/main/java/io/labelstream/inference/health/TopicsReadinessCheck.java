package io.labelstream.inference.health;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.schemas.Topics;
import io.smallrye.common.annotation.Identifier;

/**
 * Ready only when every topic the service reads or writes exists: the broker being reachable is not enough,
 * because topics are created up front (auto-creation is off) and a missing one would stall the service silently.
 */
@Readiness
@ApplicationScoped
public class TopicsReadinessCheck implements HealthCheck {

    static final List<String> REQUIRED_TOPICS = List.of(
            Topics.ITEMS_CLEAN,
            Topics.PREDICTIONS,
            Topics.TASKS_LABELING,
            Topics.LABELS,
            Topics.MODELS,
            Topics.PROJECTS);

    private final Admin admin;
    private final InferenceConfig config;

    @Inject
    TopicsReadinessCheck(@Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig,
            final InferenceConfig config) {
        this.admin = Admin.create(adminSettings(kafkaConfig));
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        final HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka topics");
        try {
            final Set<String> existing = admin.listTopics().names()
                    .get(config.topicsCheckTimeout().toMillis(), TimeUnit.MILLISECONDS);
            final List<String> missing = REQUIRED_TOPICS.stream()
                    .filter(topic -> !existing.contains(topic))
                    .toList();
            if (missing.isEmpty()) {
                return response.up().build();
            }
            return response.down().withData("missing", String.join(",", missing)).build();
        } catch (final ExecutionException | TimeoutException e) {
            return response.down().withData("error", e.toString()).build();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }

    /** The shared Kafka configuration also carries producer, consumer and Streams keys an admin client rejects. */
    private static Map<String, Object> adminSettings(final Map<String, Object> kafkaConfig) {
        return kafkaConfig.entrySet().stream()
                .filter(entry -> AdminClientConfig.configNames().contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
