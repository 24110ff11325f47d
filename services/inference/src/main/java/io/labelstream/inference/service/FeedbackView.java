package io.labelstream.inference.service;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.labelstream.inference.domain.FeedbackTally;
import io.labelstream.inference.domain.Proportion;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The latest feedback tallies, for dashboards and Micrometer gauges
 * ({@code labelstream.inference.feedback.accuracy} and {@code .labels} on the QA sample, {@code .class.accuracy},
 * {@code .uncertain.accuracy}, {@code .auto.label.precision}), tagged by project and model version. Gauges appear
 * the first time a model version gets feedback.
 */
public final class FeedbackView {

    private final MeterRegistry meters;
    private final Map<String, FeedbackTally> tallies = new ConcurrentHashMap<>();

    public FeedbackView(final MeterRegistry meters) {
        this.meters = meters;
    }

    public void update(final FeedbackTally tally) {
        final String key = FeedbackTally.key(tally.project(), tally.modelVersion());
        final FeedbackTally previous = tallies.put(key, tally);
        if (previous == null) {
            register(key, tally);
        }
        tally.qaSampleByClass().keySet().stream()
                .filter(label -> previous == null || !previous.qaSampleByClass().containsKey(label))
                .forEach(label -> Gauge.builder("labelstream.inference.feedback.class.accuracy", tallies,
                                all -> classAccuracy(all.get(key), label))
                        .description("Share of QA-sample items humans put in this class that the model predicted as it")
                        .tags("project", tally.project(), "model_version", tally.modelVersion(), "label", label)
                        .register(meters));
    }

    /** Takes a tally from the store unless a newer one already came through {@link #update}. */
    public void restore(final FeedbackTally tally) {
        final FeedbackTally current = tallies.get(FeedbackTally.key(tally.project(), tally.modelVersion()));
        if (current == null || current.humanLabels() < tally.humanLabels()) {
            update(tally);
        }
    }

    public Collection<FeedbackTally> tallies() {
        return tallies.values();
    }

    private void register(final String key, final FeedbackTally tally) {
        gauge("labelstream.inference.feedback.accuracy", key, tally, FeedbackTally::qaSample,
                "Live accuracy of a model version: its accuracy on the random QA sample");
        gauge("labelstream.inference.feedback.uncertain.accuracy", key, tally, FeedbackTally::uncertain,
                "Accuracy on the items outside the QA sample that went to humans because the model was unsure");
        gauge("labelstream.inference.feedback.auto.label.precision", key, tally, FeedbackTally::autoLabels,
                "Precision of auto-labels, measured on the QA sample's items the model labeled on its own");
        Gauge.builder("labelstream.inference.feedback.labels", tallies, all -> all.get(key).qaSample().labeled())
                .description("Human labels of the QA sample met with a prediction of this model version")
                .tags("project", tally.project(), "model_version", tally.modelVersion())
                .register(meters);
    }

    private void gauge(final String name, final String key, final FeedbackTally tally,
            final Function<FeedbackTally, Proportion> measure, final String description) {
        Gauge.builder(name, tallies, all -> measure.apply(all.get(key)).share())
                .description(description)
                .tags("project", tally.project(), "model_version", tally.modelVersion())
                .register(meters);
    }

    private static double classAccuracy(final FeedbackTally tally, final String label) {
        final Proportion counts = tally == null ? null : tally.qaSampleByClass().get(label);
        return counts == null ? Double.NaN : counts.share();
    }
}
