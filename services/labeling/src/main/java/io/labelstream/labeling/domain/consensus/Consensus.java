package io.labelstream.labeling.domain.consensus;

import java.util.Arrays;
import java.util.Optional;

/**
 * The belief about one item's label: a probability per class. A tie between the best classes has no winner, so a
 * tie can never turn into a label by accident (for example by taking the first index).
 */
public record Consensus(double[] posterior) {

    /** Probabilities closer than this are the same for deciding a winner. */
    static final double TIE_TOLERANCE = 1e-9;

    public Optional<Integer> winner() {
        int best = -1;
        boolean tied = false;
        for (int k = 0; k < posterior.length; k++) {
            if (best < 0 || posterior[k] > posterior[best] + TIE_TOLERANCE) {
                best = k;
                tied = false;
            } else if (Math.abs(posterior[k] - posterior[best]) <= TIE_TOLERANCE) {
                tied = true;
            }
        }
        return tied || best < 0 ? Optional.empty() : Optional.of(best);
    }

    public double confidence() {
        return Arrays.stream(posterior).max().orElse(0);
    }

    public boolean isTie() {
        return winner().isEmpty();
    }
}
