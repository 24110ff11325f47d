package io.labelstream.inference.streams;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

import io.labelstream.inference.domain.FeedbackOutcome;
import io.labelstream.inference.domain.FeedbackTally;
import io.labelstream.inference.domain.Proportion;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.json.JsonSerde;

/**
 * Live accuracy from human labels: every human label on {@code labels} meets the prediction made earlier for the
 * same item (a table of the {@code predictions} routed to humans, keyed by item id like the labels, so no repartition
 * is needed for the join), and the outcome is tallied per project and model version, the random QA sample apart
 * from the uncertain items. When the QA sample's accuracy is significantly below the model's test accuracy less the
 * margin, a {@code retrain_requested} event with the figures goes to {@code models}, once per model version. The
 * uncertain items never ask: the model was unsure of them by construction, so their accuracy says nothing about
 * drift. Runs with exactly_once_v2, so a restart neither loses nor counts a label twice.
 *
 * <p>Reads {@code predictions} and {@code labels}, writes {@code models}; all three must exist.
 */
public final class FeedbackTopology {

    public static final String PREDICTIONS_TOPIC = Topics.PREDICTIONS;
    public static final String LABELS_TOPIC = Topics.LABELS;
    public static final String MODELS_TOPIC = Topics.MODELS;

    public static final String PREDICTIONS_STORE = "inference-predictions-by-item";
    /** Renamed when the tally began to keep the QA sample apart: tallies of the old kind mixed both. */
    public static final String TALLY_STORE = "inference-feedback-sample-tally";
    public static final String BY_MODEL_REPARTITION = "inference-feedback-by-model";

    private static final JsonSerde<Prediction> PREDICTION_SERDE = JsonSerde.of(Prediction.class);
    private static final JsonSerde<FeedbackTally> TALLY_SERDE = JsonSerde.of(FeedbackTally.class);

    /**
     * @param significance the level of the one-sided test that asks for a retrain (0.05: 95% confidence)
     * @param testAccuracy the test accuracy of (project, model version), when known
     * @param onUpdate sees every new tally, for live metrics
     */
    public record Settings(double accuracyDropMargin, int minLabels, double significance,
            BiFunction<String, String, Optional<Double>> testAccuracy, Consumer<FeedbackTally> onUpdate,
            Clock clock) {
    }

    private FeedbackTopology() {
    }

    public static void build(final StreamsBuilder builder, final Settings settings) {
        // only predictions that humans are asked about can meet a human label; leaving out plain auto-labels keeps
        // the table to the items in human queues instead of every item ever predicted
        final KTable<String, Prediction> predictions = builder
                .stream(PREDICTIONS_TOPIC, Consumed.with(Serdes.String(), PREDICTION_SERDE)
                        .withName("predictions-source"))
                .filter((itemId, prediction) -> prediction != null
                        && prediction.route() != Prediction.Route.auto_label, Named.as("predictions-for-humans"))
                .toTable(Named.as("predictions-table"),
                        Materialized.<String, Prediction, KeyValueStore<Bytes, byte[]>>as(PREDICTIONS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(PREDICTION_SERDE));
        final KStream<String, Label> humanLabels = builder
                .stream(LABELS_TOPIC, Consumed.with(Serdes.String(), JsonSerde.of(Label.class))
                        .withName("labels-source"))
                // an item counts once, by its first decision: a later revision of its label would count it again
                .filter((itemId, label) -> label != null && label.source() == Label.Source.human
                        && label.revisionNumber() == 1, Named.as("first-human-labels"));
        final KTable<String, FeedbackTally> tallies = humanLabels
                .join(predictions, (label, prediction) -> FeedbackOutcome.of(label, prediction),
                        Joined.<String, Label, Prediction>with(Serdes.String(), JsonSerde.of(Label.class),
                                PREDICTION_SERDE).withName("label-meets-prediction"))
                .selectKey((itemId, outcome) -> FeedbackTally.key(outcome.project(), outcome.modelVersion()),
                        Named.as("key-by-model"))
                .groupByKey(Grouped.with(BY_MODEL_REPARTITION, Serdes.String(), JsonSerde.of(FeedbackOutcome.class)))
                .aggregate(FeedbackTally::empty,
                        (key, outcome, tally) -> check(tally.add(outcome), settings),
                        Named.as("tally"),
                        Materialized.<String, FeedbackTally, KeyValueStore<Bytes, byte[]>>as(TALLY_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(TALLY_SERDE)
                                // every update must reach the retrain check; a cache would fold several into one
                                .withCachingDisabled());
        final KStream<String, FeedbackTally> updates = tallies.toStream(Named.as("tally-updates"))
                .peek((key, tally) -> settings.onUpdate().accept(tally), Named.as("live-metrics"));
        updates.filter((key, tally) -> tally.retrainRequestedNow(), Named.as("retrain-needed"))
                .map((key, tally) -> KeyValue.pair(tally.project(), retrainRequest(tally, settings)),
                        Named.as("retrain-request"))
                .to(MODELS_TOPIC, Produced.with(Serdes.String(), JsonSerde.of(ModelEvent.class))
                        .withName("retrain-requests-sink"));
    }

    private static FeedbackTally check(final FeedbackTally tally, final Settings settings) {
        return settings.testAccuracy().apply(tally.project(), tally.modelVersion())
                .map(test -> tally.checkedAgainst(test, settings.accuracyDropMargin(), settings.minLabels(),
                        settings.significance()))
                .orElse(tally);
    }

    private static ModelEvent retrainRequest(final FeedbackTally tally, final Settings settings) {
        final double test = settings.testAccuracy().apply(tally.project(), tally.modelVersion()).orElse(Double.NaN);
        final Proportion sample = tally.qaSample();
        final Proportion.Interval interval = sample.interval(1 - settings.significance());
        final double pValue = sample.pValueBelow(test - settings.accuracyDropMargin());
        return new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.retrain_requested, tally.project(),
                tally.modelVersion(), null, null, null, null, null, null,
                Map.of("live_accuracy", sample.share(), "live_accuracy_low", interval.low(),
                        "live_accuracy_high", interval.high(), "live_labels", (double) sample.labeled(),
                        "test_accuracy", test, "margin", settings.accuracyDropMargin(), "p_value", pValue),
                String.format(Locale.ROOT, "accuracy on the QA sample %.3f (%d labels, %.0f%% interval %.3f–%.3f) is "
                        + "significantly below test accuracy %.3f less the margin %.3f (one-sided binomial test, "
                        + "p = %.4f)", sample.share(), sample.labeled(), 100 * (1 - settings.significance()),
                        interval.low(), interval.high(), test, settings.accuracyDropMargin(), pValue),
                settings.clock().instant());
    }
}
