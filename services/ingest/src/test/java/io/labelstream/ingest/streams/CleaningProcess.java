package io.labelstream.ingest.streams;

import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The cleaning topology alone in a JVM of its own, so that a test can kill it with SIGKILL mid-stream.
 * Arguments: bootstrap servers, state directory, commit interval in milliseconds.
 */
public final class CleaningProcess {

    private CleaningProcess() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final Properties properties = CleaningStreamsConfig.properties(args[0], "ingest-kill-test", args[1]);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, args[2]);
        // the broker's minimum: a killed instance leaves the group after 6 s instead of the default 45 s
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        final StreamsBuilder builder = new StreamsBuilder();
        CleaningTopology.build(builder, CleaningSettings.defaults(Clock.systemUTC()), CleaningMetrics.NONE);
        final KafkaStreams streams = new KafkaStreams(builder.build(), properties);
        streams.setStateListener((now, before) -> System.out.println("streams state " + before + " -> " + now));
        streams.start();
        new CountDownLatch(1).await();
    }
}
