package io.labelstream.ingest.streams;

import io.labelstream.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** Hands the cleaning topology to Quarkus, which runs it with the {@code kafka-streams.*} settings. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology cleaningTopology(final IngestConfig config, final MeterRegistry registry) {
        final StreamsBuilder builder = new StreamsBuilder();
        CleaningTopology.build(builder, CleaningSettings.of(config.cleaning(), Clock.systemUTC()),
                new MicrometerCleaningMetrics(registry));
        return builder.build();
    }
}
