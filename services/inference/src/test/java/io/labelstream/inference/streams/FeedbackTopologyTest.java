package io.labelstream.inference.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

import io.labelstream.inference.domain.FeedbackTally;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.ScoredLabel;
import io.labelstream.schemas.events.Uncertainty;
import io.labelstream.schemas.json.JsonSerde;

class FeedbackTopologyTest {

    private final List<FeedbackTally> updates = new ArrayList<>();

    @Test
    void shouldRequestOneRetrainWhenLiveAccuracyFallsBelowTestAccuracyByTheMargin() {
        try (TopologyTestDriver driver = driver(0.9)) {
            final TestInputTopic<String, Prediction> predictions = predictions(driver);
            final TestInputTopic<String, Label> labels = labels(driver);
            final TestOutputTopic<String, ModelEvent> models = driver.createOutputTopic(FeedbackTopology.MODELS_TOPIC,
                    Serdes.String().deserializer(), JsonSerde.of(ModelEvent.class));
            for (int i = 0; i < 10; i++) {
                predictions.pipeInput("i" + i, prediction("i" + i, "spam", Prediction.Route.human));
                labels.pipeInput("i" + i, label("i" + i, i < 8 ? "spam" : "ham", Label.Source.human));
            }
            assertThat(models.isEmpty()).as("accuracy 0.8 is within 0.1 of 0.9").isTrue();
            for (int i = 10; i < 14; i++) {
                predictions.pipeInput("i" + i, prediction("i" + i, "spam", Prediction.Route.human));
                labels.pipeInput("i" + i, label("i" + i, "ham", Label.Source.human));
            }

            final List<ModelEvent> requests = models.readValuesToList();
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).type()).isEqualTo(ModelEvent.Type.retrain_requested);
            assertThat(requests.get(0).metrics()).containsEntry("live_accuracy", 8 / 11.0);
            assertThat(updates.get(updates.size() - 1).labeled()).isEqualTo(14);
        }
    }

    @Test
    void shouldIgnoreModelLabelsAndPlainAutoLabelsAndMeasureAutoLabelPrecisionOnTheQaSampleOnly() {
        try (TopologyTestDriver driver = driver(0.5)) {
            final TestInputTopic<String, Prediction> predictions = predictions(driver);
            final TestInputTopic<String, Label> labels = labels(driver);
            predictions.pipeInput("a", prediction("a", "spam", Prediction.Route.qa_sample));
            predictions.pipeInput("b", prediction("b", "spam", Prediction.Route.qa_sample));
            predictions.pipeInput("c", prediction("c", "spam", Prediction.Route.human));
            predictions.pipeInput("d", prediction("d", "spam", Prediction.Route.auto_label));
            labels.pipeInput("a", label("a", "spam", Label.Source.model));
            labels.pipeInput("a", label("a", "spam", Label.Source.human));
            labels.pipeInput("b", label("b", "ham", Label.Source.human));
            labels.pipeInput("c", label("c", "spam", Label.Source.human));
            labels.pipeInput("d", label("d", "ham", Label.Source.human));
            labels.pipeInput("unpredicted", label("unpredicted", "spam", Label.Source.human));

            final FeedbackTally tally = updates.get(updates.size() - 1);
            assertThat(tally.labeled()).isEqualTo(3);
            assertThat(tally.qaLabeled()).isEqualTo(2);
            assertThat(tally.autoLabelPrecision()).isEqualTo(0.5);
            assertThat(tally.accuracy()).isEqualTo(2 / 3.0);
            assertThat(tally.perClass().get("ham").accuracy()).isEqualTo(0.0);
            assertThat(tally.perClass().get("spam").accuracy()).isEqualTo(1.0);
        }
    }

    private TopologyTestDriver driver(final double testAccuracy) {
        final StreamsBuilder builder = new StreamsBuilder();
        FeedbackTopology.build(builder, new FeedbackTopology.Settings(0.1, 10,
                (project, version) -> Optional.of(testAccuracy), updates::add,
                Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC)));
        final Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "feedback-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(builder.build(), properties);
    }

    private static TestInputTopic<String, Prediction> predictions(final TopologyTestDriver driver) {
        return driver.createInputTopic(FeedbackTopology.PREDICTIONS_TOPIC, Serdes.String().serializer(),
                JsonSerde.of(Prediction.class));
    }

    private static TestInputTopic<String, Label> labels(final TopologyTestDriver driver) {
        return driver.createInputTopic(FeedbackTopology.LABELS_TOPIC, Serdes.String().serializer(),
                JsonSerde.of(Label.class));
    }

    private static Prediction prediction(final String item, final String label, final Prediction.Route route) {
        final List<ScoredLabel> probabilities = List.of(new ScoredLabel("ham", 0.3), new ScoredLabel("spam", 0.7));
        return new Prediction(Prediction.VERSION, item, "p", "v1", label, probabilities, probabilities,
                new Uncertainty(0.3, 0.6, 0.6), 1.0, null, Instant.now(), route);
    }

    private static Label label(final String item, final String value, final Label.Source source) {
        return new Label(Label.VERSION, item + "/" + source, item, "p", value, source,
                source == Label.Source.human ? Label.Method.majority_vote : Label.Method.model, 1.0, null, null, null,
                null, Instant.now());
    }
}
