package io.labelstream.inference.health;

import io.labelstream.schemas.Service;
import io.labelstream.schemas.Topics;
import io.labelstream.service.health.RequiredTopics;
import io.labelstream.service.health.StreamsReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.Readiness;

/**
 * What this service's part of the common readiness checks needs to know: the topics it reads or writes, as the topic
 * catalogue says, and the Kafka Streams application that must be processing.
 */
@ApplicationScoped
public class ReadinessChecks {

    @Produces
    static final RequiredTopics TOPICS = new RequiredTopics(Topics.usedBy(Service.INFERENCE));

    @Produces
    @Readiness
    @Singleton
    StreamsReadiness streamsProcessing(final KafkaStreams streams) {
        return new StreamsReadiness(streams::state);
    }
}
