package io.labelstream.inference.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * Live quality of one model version of one project, from human labels, kept apart by how the items reached humans.
 * {@code qaSample}: the random QA sample, drawn independently of the model's confidence, so its accuracy is the
 * model's live accuracy on all items (overall and per true class). {@code uncertain}: the items outside the sample
 * that went to humans because the model was unsure; biased towards hard items by design, never compared with the
 * test accuracy. {@code autoLabels}: the sample's items the model also labeled on its own, i.e. auto-label
 * precision. {@code retrainRequested} remembers that a retrain was asked for, so that it is asked once per model
 * version; {@code retrainRequestedNow} marks the update that asked.
 */
public record FeedbackTally(String project, String modelVersion, Proportion qaSample,
        Map<String, Proportion> qaSampleByClass, Proportion uncertain, Proportion autoLabels,
        boolean retrainRequested, boolean retrainRequestedNow) {

    public static FeedbackTally empty() {
        return new FeedbackTally(null, null, Proportion.NONE, Map.of(), Proportion.NONE, Proportion.NONE, false,
                false);
    }

    public static String key(final String project, final String modelVersion) {
        return project + "/" + modelVersion;
    }

    public FeedbackTally add(final FeedbackOutcome outcome) {
        final boolean hit = outcome.correct();
        if (!outcome.inQaSample()) {
            return new FeedbackTally(outcome.project(), outcome.modelVersion(), qaSample, qaSampleByClass,
                    uncertain.plus(hit), autoLabels, retrainRequested, false);
        }
        final Map<String, Proportion> classes = new TreeMap<>(qaSampleByClass);
        classes.merge(outcome.humanLabel(), Proportion.NONE.plus(hit),
                (a, b) -> new Proportion(a.labeled() + b.labeled(), a.correct() + b.correct()));
        return new FeedbackTally(outcome.project(), outcome.modelVersion(), qaSample.plus(hit), classes, uncertain,
                outcome.autoLabeled() ? autoLabels.plus(hit) : autoLabels, retrainRequested, false);
    }

    /** Human labels of this model version's predictions, sample and uncertain items together. */
    public long humanLabels() {
        return qaSample.labeled() + uncertain.labeled();
    }

    /**
     * Asks for a retrain once the QA sample has {@code minLabels} labels and its accuracy is significantly (one-sided
     * exact binomial test at {@code significance}) below the test accuracy less {@code margin}. The margin allows
     * for the usual small gap between a held-out test set and live traffic; the test keeps a sample that is merely
     * small or unlucky from asking.
     */
    public FeedbackTally checkedAgainst(final double testAccuracy, final double margin, final int minLabels,
            final double significance) {
        if (retrainRequested || qaSample.labeled() < minLabels
                || qaSample.pValueBelow(testAccuracy - margin) >= significance) {
            return this;
        }
        return new FeedbackTally(project, modelVersion, qaSample, qaSampleByClass, uncertain, autoLabels, true, true);
    }
}
