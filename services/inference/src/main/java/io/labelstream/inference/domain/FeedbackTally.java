package io.labelstream.inference.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * Live quality of one model version of one project, from human labels: accuracy overall and per true class, and
 * auto-label precision on the QA sample. {@code retrainRequested} remembers that a retrain was asked for, so that it
 * is asked once per model version; {@code retrainRequestedNow} marks the update that asked.
 */
public record FeedbackTally(String project, String modelVersion, long labeled, long correct,
        Map<String, ClassCounts> perClass, long qaLabeled, long qaCorrect, boolean retrainRequested,
        boolean retrainRequestedNow) {

    /** How often items humans put in a class were predicted as that class (recall). */
    public record ClassCounts(long labeled, long correct) {

        public double accuracy() {
            return labeled == 0 ? Double.NaN : (double) correct / labeled;
        }
    }

    public static FeedbackTally empty() {
        return new FeedbackTally(null, null, 0, 0, Map.of(), 0, 0, false, false);
    }

    public static String key(final String project, final String modelVersion) {
        return project + "/" + modelVersion;
    }

    public FeedbackTally add(final FeedbackOutcome outcome) {
        final int hit = outcome.correct() ? 1 : 0;
        final Map<String, ClassCounts> classes = new TreeMap<>(perClass);
        classes.merge(outcome.humanLabel(), new ClassCounts(1, hit),
                (a, b) -> new ClassCounts(a.labeled() + b.labeled(), a.correct() + b.correct()));
        final boolean qa = outcome.measuresAutoLabels();
        return new FeedbackTally(outcome.project(), outcome.modelVersion(), labeled + 1, correct + hit, classes,
                qaLabeled + (qa ? 1 : 0), qaCorrect + (qa ? hit : 0), retrainRequested, false);
    }

    public double accuracy() {
        return labeled == 0 ? Double.NaN : (double) correct / labeled;
    }

    public double autoLabelPrecision() {
        return qaLabeled == 0 ? Double.NaN : (double) qaCorrect / qaLabeled;
    }

    /**
     * Asks for a retrain once enough labels show live accuracy more than {@code margin} below the test accuracy.
     */
    public FeedbackTally checkedAgainst(final double testAccuracy, final double margin, final int minLabels) {
        if (retrainRequested || labeled < minLabels || accuracy() >= testAccuracy - margin) {
            return this;
        }
        return new FeedbackTally(project, modelVersion, labeled, correct, perClass, qaLabeled, qaCorrect, true, true);
    }
}
