package io.labelstream.inference.service;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.labelstream.inference.domain.FeedbackTally;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The latest feedback tallies, for dashboards and Micrometer gauges
 * ({@code labelstream.inference.feedback.accuracy}, {@code .class.accuracy}, {@code .auto.label.precision},
 * {@code .labels}), tagged by project and model version. Gauges appear the first time a model version gets feedback.
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
        tally.perClass().keySet().stream()
                .filter(label -> previous == null || !previous.perClass().containsKey(label))
                .forEach(label -> Gauge.builder("labelstream.inference.feedback.class.accuracy", tallies,
                                all -> classAccuracy(all.get(key), label))
                        .description("Share of items humans put in this class that the model predicted as it")
                        .tags("project", tally.project(), "model_version", tally.modelVersion(), "label", label)
                        .register(meters));
    }

    /** Takes a tally from the store unless a newer one already came through {@link #update}. */
    public void restore(final FeedbackTally tally) {
        final FeedbackTally current = tallies.get(FeedbackTally.key(tally.project(), tally.modelVersion()));
        if (current == null || current.labeled() < tally.labeled()) {
            update(tally);
        }
    }

    public Collection<FeedbackTally> tallies() {
        return tallies.values();
    }

    private void register(final String key, final FeedbackTally tally) {
        Gauge.builder("labelstream.inference.feedback.accuracy", tallies, all -> all.get(key).accuracy())
                .description("Live accuracy of a model version against human labels")
                .tags("project", tally.project(), "model_version", tally.modelVersion())
                .register(meters);
        Gauge.builder("labelstream.inference.feedback.auto.label.precision", tallies,
                        all -> all.get(key).autoLabelPrecision())
                .description("Precision of auto-labels, measured on the QA sample that humans also label")
                .tags("project", tally.project(), "model_version", tally.modelVersion())
                .register(meters);
        Gauge.builder("labelstream.inference.feedback.labels", tallies, all -> all.get(key).labeled())
                .description("Human labels met with a prediction of this model version")
                .tags("project", tally.project(), "model_version", tally.modelVersion())
                .register(meters);
    }

    private static double classAccuracy(final FeedbackTally tally, final String label) {
        final FeedbackTally.ClassCounts counts = tally == null ? null : tally.perClass().get(label);
        return counts == null ? Double.NaN : counts.accuracy();
    }
}
