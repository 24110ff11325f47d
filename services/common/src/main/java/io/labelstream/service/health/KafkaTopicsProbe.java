package io.labelstream.service.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.labelstream.service.kafka.KafkaClientSettings;

/**
 * Up only when every topic a service reads or writes exists: the broker being reachable is not enough, because
 * topics are created up front (auto-creation is off) and a missing one would stall the service silently.
 */
public final class KafkaTopicsProbe implements AutoCloseable {

    private final Admin admin;
    private final List<String> requiredTopics;
    private final Duration timeout;

    public KafkaTopicsProbe(final Map<String, Object> kafkaConfig, final List<String> requiredTopics,
            final Duration timeout) {
        this.admin = Admin.create(KafkaClientSettings.admin(kafkaConfig));
        this.requiredTopics = List.copyOf(requiredTopics);
        this.timeout = timeout;
    }

    public HealthCheckResponse check() {
        final HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka topics");
        try {
            final Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final List<String> missing = requiredTopics.stream().filter(topic -> !existing.contains(topic)).toList();
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

    @Override
    public void close() {
        admin.close();
    }
}
