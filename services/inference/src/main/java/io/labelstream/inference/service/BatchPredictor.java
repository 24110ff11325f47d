package io.labelstream.inference.service;

import java.util.ArrayList;
import java.util.List;

import ai.djl.modality.Classifications;
import ai.djl.translate.TranslateException;
import io.labelstream.inference.domain.ModelOutput;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ScoredLabel;
import org.jboss.logging.Logger;

/**
 * Predicts a batch of one project's items with a leased champion. One item the model cannot read (wrong kind,
 * undecodable image) must not cost the others their prediction: the batch is then retried item by item and only
 * that item comes back without an output.
 */
public final class BatchPredictor {

    private static final Logger LOG = Logger.getLogger(BatchPredictor.class);

    private BatchPredictor() {
    }

    /**
     * One output per item, in order, null for an item the model cannot read; and the time the batch's forward passes
     * took, without the wait for a predictor.
     */
    public record Outputs(List<ModelOutput> outputs, long predictingNanos) {
    }

    /** @param arrivalNanos {@link System#nanoTime()} at which each item reached the service, for its latency */
    public static Outputs predict(final Champion champion, final List<CleanItem> items, final long[] arrivalNanos) {
        final long start = System.nanoTime();
        List<Classifications> results;
        long predictingNanos;
        try {
            final PredictorPool.Predictions predictions = champion.pool().predict(items);
            results = predictions.results();
            predictingNanos = predictions.predictingNanos();
        } catch (final TranslateException | RuntimeException e) {
            results = oneByOne(champion, items);
            predictingNanos = System.nanoTime() - start;
        }
        final long done = System.nanoTime();
        final List<ModelOutput> outputs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            final Classifications result = results.get(i);
            outputs.add(result == null ? null
                    : new ModelOutput(champion.modelVersion(), probabilities(champion, result),
                            (done - arrivalNanos[i]) / 1_000_000.0));
        }
        return new Outputs(outputs, predictingNanos);
    }

    private static List<Classifications> oneByOne(final Champion champion, final List<CleanItem> items) {
        final List<Classifications> results = new ArrayList<>(items.size());
        for (final CleanItem item : items) {
            try {
                results.add(champion.pool().predict(List.of(item)).results().get(0));
            } catch (final TranslateException | RuntimeException e) {
                LOG.warnf("Model %s cannot read item %s: %s", champion.modelVersion(), item.itemId(), rootMessage(e));
                results.add(null);
            }
        }
        return results;
    }

    private static List<ScoredLabel> probabilities(final Champion champion, final Classifications result) {
        final List<ScoredLabel> probabilities = new ArrayList<>(champion.labels().size());
        for (final String label : champion.labels()) {
            probabilities.add(new ScoredLabel(label, result.get(label).getProbability()));
        }
        return probabilities;
    }

    public static String rootMessage(final Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
