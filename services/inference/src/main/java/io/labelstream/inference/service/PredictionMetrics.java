package io.labelstream.inference.service;

import java.time.Duration;

import io.labelstream.inference.domain.RoutingDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Meters of the prediction loop, named {@code labelstream.inference.*}. */
public final class PredictionMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer itemLatency;
    private final Counter unreadableRecords;

    public PredictionMetrics(final MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("labelstream.inference.batch.size")
                .description("Clean items per transaction of the prediction loop")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.itemLatency = Timer.builder("labelstream.inference.item.latency")
                .description("Time a clean item spends in inference: batching wait and forward pass")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.unreadableRecords = Counter.builder("labelstream.inference.records.unreadable")
                .description("Records of items.clean that are not clean items and were skipped")
                .register(registry);
    }

    public void batch(final int size) {
        batchSize.record(size);
    }

    public void routed(final RoutingDecision decision) {
        registry.counter("labelstream.inference.items.routed", "project", decision.item().project(),
                "route", decision.routeName()).increment();
        if (decision.prediction() != null) {
            registry.counter("labelstream.inference.predictions", "project", decision.item().project(),
                    "model_version", decision.prediction().modelVersion()).increment();
            itemLatency.record(Duration.ofNanos((long) (decision.prediction().latencyMs() * 1_000_000)));
        }
    }

    public void unreadableRecord() {
        unreadableRecords.increment();
    }
}
