package io.labelstream.inference.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

import io.labelstream.inference.domain.FeedbackTally;
import io.labelstream.inference.domain.Proportion;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.ScoredLabel;
import io.labelstream.schemas.events.Uncertainty;
import io.labelstream.schemas.json.JsonSerde;

class FeedbackTopologyTest {

    /** The stores' own folder: Streams' default is a fixed one under /tmp, which every run on the machine shares. */
    @TempDir
    Path stateDir;

    private final List<FeedbackTally> updates = new ArrayList<>();

    @Test
    void shouldNeverRequestARetrainFromTheUncertainItemsHumansLabel() {
        try (TopologyTestDriver driver = driver(0.95)) {
            final TestInputTopic<String, Prediction> predictions = predictions(driver);
            final TestInputTopic<String, Label> labels = labels(driver);
            for (int i = 0; i < 100; i++) {
                predictions.pipeInput("u" + i, prediction("u" + i, "spam", Prediction.Route.human, false));
                labels.pipeInput("u" + i, label("u" + i, "ham", Label.Source.human));
            }

            assertThat(models(driver).isEmpty()).as("uncertain items are hard by construction").isTrue();
            final FeedbackTally tally = updates.get(updates.size() - 1);
            assertThat(tally.uncertain()).isEqualTo(new Proportion(100, 0));
            assertThat(tally.qaSample()).isEqualTo(Proportion.NONE);
            assertThat(tally.humanLabels()).isEqualTo(100);
        }
    }

    @Test
    void shouldNotRequestARetrainWhileTheQaSampleIsWithinChanceOfTheTestAccuracy() {
        try (TopologyTestDriver driver = driver(0.95)) {
            // 26 of 30 (0.867) against 0.95 less the 0.02 margin: P(at most 26 of 30 | 0.93) is about 0.17
            pipeSample(driver, 0, 30, 26);

            assertThat(models(driver).isEmpty()).isTrue();
            assertThat(updates.get(updates.size() - 1).qaSample()).isEqualTo(new Proportion(30, 26));
        }
    }

    @Test
    void shouldRequestOneRetrainWithItsFiguresWhenTheQaSampleIsSignificantlyBelowTheTestAccuracy() {
        try (TopologyTestDriver driver = driver(0.95)) {
            final TestOutputTopic<String, ModelEvent> models = models(driver);
            pipeSample(driver, 0, 30, 30);
            pipeSample(driver, 30, 35, 0);
            assertThat(models.isEmpty()).as("30 of 35 against 0.93: p = 0.095, not significant").isTrue();
            pipeSample(driver, 35, 36, 0);

            final List<ModelEvent> requests = models.readValuesToList();
            assertThat(requests).hasSize(1);
            final ModelEvent request = requests.get(0);
            assertThat(request.type()).isEqualTo(ModelEvent.Type.retrain_requested);
            assertThat(request.metrics()).containsEntry("live_accuracy", 30 / 36.0)
                    .containsEntry("live_labels", 36.0).containsEntry("test_accuracy", 0.95)
                    .containsEntry("margin", 0.02);
            assertThat(request.metrics().get("p_value")).isLessThan(0.05);
            assertThat(request.metrics().get("live_accuracy_low")).isLessThan(30 / 36.0);
            assertThat(request.metrics().get("live_accuracy_high")).isBetween(30 / 36.0, 0.93);
            assertThat(request.reason()).contains("QA sample").contains("0.833").contains("0.950");

            pipeSample(driver, 36, 80, 0);
            assertThat(models.isEmpty()).as("one request per model version").isTrue();
        }
    }

    @Test
    void shouldIgnoreModelLabelsAndPlainAutoLabelsAndMeasureAutoLabelPrecisionOnTheQaSampleOnly() {
        try (TopologyTestDriver driver = driver(0.5)) {
            final TestInputTopic<String, Prediction> predictions = predictions(driver);
            final TestInputTopic<String, Label> labels = labels(driver);
            predictions.pipeInput("a", prediction("a", "spam", Prediction.Route.qa_sample, true));
            predictions.pipeInput("b", prediction("b", "spam", Prediction.Route.qa_sample, true));
            predictions.pipeInput("s", prediction("s", "spam", Prediction.Route.human, true));
            predictions.pipeInput("c", prediction("c", "spam", Prediction.Route.human, false));
            predictions.pipeInput("d", prediction("d", "spam", Prediction.Route.auto_label, false));
            labels.pipeInput("a", label("a", "spam", Label.Source.model));
            labels.pipeInput("a", label("a", "spam", Label.Source.human));
            labels.pipeInput("b", label("b", "ham", Label.Source.human));
            labels.pipeInput("s", label("s", "spam", Label.Source.human));
            labels.pipeInput("c", label("c", "ham", Label.Source.human));
            labels.pipeInput("d", label("d", "ham", Label.Source.human));
            labels.pipeInput("unpredicted", label("unpredicted", "spam", Label.Source.human));

            final FeedbackTally tally = updates.get(updates.size() - 1);
            assertThat(tally.qaSample()).isEqualTo(new Proportion(3, 2));
            assertThat(tally.autoLabels()).isEqualTo(new Proportion(2, 1));
            assertThat(tally.uncertain()).isEqualTo(new Proportion(1, 0));
            assertThat(tally.qaSampleByClass()).containsEntry("ham", new Proportion(1, 0))
                    .containsEntry("spam", new Proportion(2, 2));
        }
    }

    @Test
    void shouldCountAQaSamplePredictionWrittenBeforeTheSampleFlagExistedAsPartOfTheSample() {
        try (TopologyTestDriver driver = driver(0.5)) {
            predictions(driver).pipeInput("a", prediction("a", "spam", Prediction.Route.qa_sample, null));
            labels(driver).pipeInput("a", label("a", "spam", Label.Source.human));

            assertThat(updates.get(updates.size() - 1).qaSample()).isEqualTo(new Proportion(1, 1));
        }
    }

    @Test
    void shouldCountAnItemOnceByItsFirstDecisionWhenItsLabelIsRevised() {
        try (TopologyTestDriver driver = driver(0.5)) {
            predictions(driver).pipeInput("a", prediction("a", "spam", Prediction.Route.qa_sample, true));
            final Label first = label("a", "ham", Label.Source.human);
            labels(driver).pipeInput("a", first);
            labels(driver).pipeInput("a", new Label(Label.VERSION, first.labelId() + "-r2", "a", "p", "spam",
                    Label.Source.human, Label.Method.dawid_skene, 0.9, null, null, null, null, Instant.now(), 2,
                    first.labelId(), null));

            assertThat(updates.get(updates.size() - 1).qaSample()).isEqualTo(new Proportion(1, 0));
        }
    }

    /** Items {@code from} to {@code to} of the QA sample, of which the first {@code right} are predicted right. */
    private static void pipeSample(final TopologyTestDriver driver, final int from, final int to, final int right) {
        final TestInputTopic<String, Prediction> predictions = predictions(driver);
        final TestInputTopic<String, Label> labels = labels(driver);
        for (int i = from; i < to; i++) {
            predictions.pipeInput("q" + i, prediction("q" + i, "spam", Prediction.Route.qa_sample, true));
            labels.pipeInput("q" + i, label("q" + i, i - from < right ? "spam" : "ham", Label.Source.human));
        }
    }

    private static TestOutputTopic<String, ModelEvent> models(final TopologyTestDriver driver) {
        return driver.createOutputTopic(FeedbackTopology.MODELS_TOPIC, Serdes.String().deserializer(),
                JsonSerde.of(ModelEvent.class));
    }

    private TopologyTestDriver driver(final double testAccuracy) {
        final StreamsBuilder builder = new StreamsBuilder();
        FeedbackTopology.build(builder, new FeedbackTopology.Settings(0.02, 30, 0.05,
                (project, version) -> Optional.of(testAccuracy), updates::add,
                Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC)));
        final Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "feedback-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
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

    private static Prediction prediction(final String item, final String label, final Prediction.Route route,
            final Boolean qaSample) {
        final List<ScoredLabel> probabilities = List.of(new ScoredLabel("ham", 0.3), new ScoredLabel("spam", 0.7));
        return new Prediction(Prediction.VERSION, item, "p", "v1", label, probabilities, probabilities,
                new Uncertainty(0.3, 0.6, 0.6), 1.0, null, Instant.now(), route, qaSample);
    }

    private static Label label(final String item, final String value, final Label.Source source) {
        return new Label(Label.VERSION, item + "/" + source, item, "p", value, source,
                source == Label.Source.human ? Label.Method.majority_vote : Label.Method.model, 1.0, null, null, null,
                null, Instant.now());
    }
}
