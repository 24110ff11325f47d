package io.labelstream.ingest.streams;

import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every finished record as {@code labelstream_ingest_items_total{outcome, reason, project}} and times the
 * end-to-end lag from the raw record's timestamp as {@code labelstream_ingest_lag_seconds}. Records per second
 * and the duplicate rate follow from the counter's rates.
 */
public final class MicrometerCleaningMetrics implements CleaningMetrics {

    private static final String ITEMS = "labelstream.ingest.items";
    private static final String NO_PROJECT = "";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer lag;

    public MicrometerCleaningMetrics(final MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder("labelstream.ingest.lag")
                .description("Time from a raw record's timestamp until ingest has decided its outcome")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    @Override
    public void cleaned(final String project, final long lagMillis) {
        count("clean", "none", project, lagMillis);
    }

    @Override
    public void duplicated(final String project, final DuplicateItem.Match match, final long lagMillis) {
        count("duplicate", match.name(), project, lagMillis);
    }

    @Override
    public void rejected(final RejectReason reason, final long lagMillis) {
        count("rejected", reason.name(), NO_PROJECT, lagMillis);
    }

    private void count(final String outcome, final String reason, final String project, final long lagMillis) {
        counters.computeIfAbsent(outcome + '|' + reason + '|' + project, key -> Counter.builder(ITEMS)
                .description("Raw records finished by ingest, by outcome and reason")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .tag("project", project)
                .register(registry)).increment();
        lag.record(Duration.ofMillis(lagMillis));
    }
}
