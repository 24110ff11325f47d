package io.labelstream.inference.streams;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.service.FeedbackView;
import io.labelstream.inference.service.ModelRegistry;

/** Hands the feedback topology to Quarkus, which runs it with the {@code kafka-streams.*} settings. */
@ApplicationScoped
public class FeedbackStreams {

    @Produces
    Topology feedbackTopology(final InferenceConfig config, final ModelRegistry registry, final FeedbackView view) {
        final StreamsBuilder builder = new StreamsBuilder();
        FeedbackTopology.build(builder, new FeedbackTopology.Settings(config.feedback().accuracyDropMargin(),
                config.feedback().minLabels(), config.feedback().significance(), registry::testAccuracy, view::update, Clock.systemUTC()));
        return builder.build();
    }
}
