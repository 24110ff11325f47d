package io.labelstream.service.health;

import io.labelstream.service.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Every service's readiness check of its topics: up only when every topic the service reads or writes exists. The
 * broker being reachable is not enough, because topics are created up front (auto-creation is off) and a missing
 * one would stall the service silently. Each service names the topics it needs in a {@link RequiredTopics} bean.
 */
@Readiness
@ApplicationScoped
public class KafkaTopicsReadinessCheck implements HealthCheck {

    private final Admin admin;
    private final RequiredTopics required;
    private final Duration timeout;

    /** {@code timeout}: how long to wait for the broker to list its topics before reporting the service not ready. */
    @Inject
    public KafkaTopicsReadinessCheck(@Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig,
            final RequiredTopics required,
            @ConfigProperty(name = "labelstream.health.topics-check-timeout", defaultValue = "5s")
            final Duration timeout) {
        this.admin = Admin.create(KafkaClientSettings.admin(kafkaConfig));
        this.required = required;
        this.timeout = timeout;
    }

    @Override
    public HealthCheckResponse call() {
        final HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka topics");
        try {
            final Set<String> existing = admin.listTopics().names()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final List<String> missing = required.names().stream().filter(topic -> !existing.contains(topic)).toList();
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
}
