package io.labelstream.ingest.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams settings the cleaning topology relies on, in one place: the service reads them as defaults of its
 * {@code kafka-streams.*} configuration, and tools, benchmarks and tests that run the topology by themselves
 * start from {@link #properties}.
 */
public final class CleaningStreamsConfig {

    private CleaningStreamsConfig() {
    }

    /** By Streams config name; each may be overridden where the topology runs. */
    public static Map<String, String> settings() {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        settings.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingDeserializationHandler.class.getName());
        settings.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingProcessingHandler.class.getName());
        settings.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RejectingProductionHandler.class.getName());
        // a new application starts from the oldest raw record: nothing produced before it started is skipped
        settings.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // each exactly-once commit ends a transaction and flushes the RocksDB stores (a new file each time):
        // committing every second instead of Streams' exactly-once default of 100 ms takes a third less CPU per
        // record in the benchmark, and bounds how long a clean item waits to become visible to read-committed
        // consumers
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        // a transaction stays open from a commit to the next, and Streams checks whether to commit only between
        // batches: all records buffered by one poll are screened without a commit in between. The cleaning limits
        // hold the dearest legal item to about 0.25 s (docs/ingest.md), so 50 records a poll keep a transaction
        // under 15 s, and a 60 s timeout (Streams' exactly-once default is 10 s) leaves the broker no reason to
        // abort one and fence its thread while a burst of such items is screened
        settings.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "50");
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "60000");
        // the repartition topic and the outputs carry kilobyte records: batches of 256 KB instead of 16 KB take
        // the broker a fraction of the requests (a quarter less CPU per record in the benchmark)
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
        // screening is CPU-bound and its tasks are independent: one stream thread per core keeps every core busy
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                Integer.toString(Runtime.getRuntime().availableProcessors()));
        return settings;
    }

    public static Properties properties(final String bootstrapServers, final String applicationId,
            final String stateDir) {
        final Properties properties = new Properties();
        properties.putAll(settings());
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        return properties;
    }
}
