package io.labelstream.labeling.domain.consensus;

import java.util.Collection;

/** Every counted answer weighs the same; the posterior is each class's share of the votes. */
public final class MajorityVote {

    private MajorityVote() {
    }

    public static Consensus of(final int classes, final Collection<Answer> itemAnswers) {
        final double[] votes = new double[classes];
        for (final Answer answer : itemAnswers) {
            votes[answer.label()]++;
        }
        final int total = itemAnswers.size();
        if (total == 0) {
            java.util.Arrays.fill(votes, 1.0 / classes);
            return new Consensus(votes);
        }
        for (int k = 0; k < classes; k++) {
            votes[k] /= total;
        }
        return new Consensus(votes);
    }
}
