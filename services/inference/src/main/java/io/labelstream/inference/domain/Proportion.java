package io.labelstream.inference.domain;

import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * How many of a set of human-labeled items the model got right, and what that count says about the accuracy behind
 * it. The interval is Wilson's score interval: unlike the normal approximation it stays inside [0, 1] and holds for
 * the small counts and accuracies near 1 that live feedback has. The test is the exact binomial test.
 */
public record Proportion(long labeled, long correct) {

    public static final Proportion NONE = new Proportion(0, 0);

    public record Interval(double low, double high) {
    }

    public Proportion plus(final boolean hit) {
        return new Proportion(labeled + 1, correct + (hit ? 1 : 0));
    }

    /** The observed share; NaN before the first item. */
    public double share() {
        return labeled == 0 ? Double.NaN : (double) correct / labeled;
    }

    /** The two-sided interval at the given confidence (e.g. 0.95); null before the first item. */
    public Interval interval(final double confidence) {
        if (labeled == 0) {
            return null;
        }
        final ConfidenceInterval interval = new WilsonScoreInterval()
                .createInterval(Math.toIntExact(labeled), Math.toIntExact(correct), confidence);
        return new Interval(interval.getLowerBound(), interval.getUpperBound());
    }

    /**
     * The p-value of observing at most this many correct items if the true accuracy were {@code reference}: small
     * values mean the accuracy is significantly below it. 1 when there is nothing to test.
     */
    public double pValueBelow(final double reference) {
        if (labeled == 0 || reference <= 0) {
            return 1.0;
        }
        return new BinomialTest().binomialTest(Math.toIntExact(labeled), Math.toIntExact(correct),
                Math.min(reference, 1.0), AlternativeHypothesis.LESS_THAN);
    }
}
