package io.labelstream.inference.domain;

import java.util.List;

import io.labelstream.schemas.events.Project.UncertaintyMeasure;
import io.labelstream.schemas.events.ScoredLabel;
import io.labelstream.schemas.events.Uncertainty;

/**
 * The three uncertainty measures of one probability vector, as {@code predictions} publishes them (least confidence
 * {@code 1 - p1}, margin {@code 1 - (p1 - p2)}, entropy in nats), and the labeling priority they give.
 */
public final class UncertaintyMeasures {

    private UncertaintyMeasures() {
    }

    /** @param ranked probabilities sorted from most to least likely */
    public static Uncertainty of(final List<ScoredLabel> ranked) {
        final double first = ranked.get(0).probability();
        final double second = ranked.size() > 1 ? ranked.get(1).probability() : 0.0;
        double entropy = 0.0;
        for (final ScoredLabel scored : ranked) {
            if (scored.probability() > 0) {
                entropy -= scored.probability() * Math.log(scored.probability());
            }
        }
        // probabilities from single-precision logits need not sum to exactly 1, which can lift the entropy of a
        // near-uniform prediction just above its maximum ln(k)
        final double maxEntropy = Math.log(ranked.size());
        return new Uncertainty(clamp(1.0 - first), clamp(1.0 - (first - second)),
                Math.min(maxEntropy, Math.max(0.0, entropy)));
    }

    /**
     * The priority of a labeling task in [0, 1], 1 being the most uncertain. Least confidence and entropy are scaled
     * by their maximum for the label count, so that priorities of projects with different label counts compare.
     */
    public static double priority(final Uncertainty uncertainty, final UncertaintyMeasure measure, final int labels) {
        if (labels < 2) {
            return 0.0;
        }
        return switch (measure) {
            case least_confidence -> clamp(uncertainty.leastConfidence() * labels / (labels - 1.0));
            case margin -> clamp(uncertainty.margin());
            case entropy -> clamp(uncertainty.entropy() / Math.log(labels));
        };
    }

    private static double clamp(final double value) {
        return Math.min(1.0, Math.max(0.0, value));
    }
}
