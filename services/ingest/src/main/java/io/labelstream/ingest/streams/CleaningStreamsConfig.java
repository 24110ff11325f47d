package io.labelstream.ingest.streams;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams settings the cleaning topology relies on, for running it outside the service (tools, benchmarks,
 * tests); the service sets the same in its application.properties.
 */
public final class CleaningStreamsConfig {

    private CleaningStreamsConfig() {
    }

    public static Properties properties(final String bootstrapServers, final String applicationId,
            final String stateDir) {
        final Properties properties = new Properties();
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingDeserializationHandler.class.getName());
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingProcessingHandler.class.getName());
        properties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingProductionHandler.class.getName());
        // a new application starts from the oldest raw record: nothing produced before it started is skipped
        properties.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        return properties;
    }
}
