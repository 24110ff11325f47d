package io.labelstream.labeling.domain.consensus;

/**
 * When an item has enough answers. It needs at least {@code minLabelers}; it is done as soon as its consensus
 * reaches the agreement target; otherwise it asks one more labeler, up to {@code maxLabelers}. At the maximum a
 * clear winner below the target is still the label (its confidence tells how sure it is), but a tie is left
 * unresolved for a person to decide.
 */
public record AdaptiveRedundancy(int minLabelers, int maxLabelers, double agreementTarget) {

    public enum Outcome {
        WAIT_FOR_ANSWERS,
        FINAL,
        ASK_ONE_MORE,
        UNRESOLVED
    }

    public record Decision(Outcome outcome, Integer label, double confidence) {
    }

    public AdaptiveRedundancy {
        if (minLabelers < 1 || maxLabelers < minLabelers) {
            throw new IllegalArgumentException("need 1 <= minLabelers <= maxLabelers");
        }
    }

    public Decision decide(final Consensus consensus, final int countedAnswers) {
        if (countedAnswers < minLabelers) {
            return new Decision(Outcome.WAIT_FOR_ANSWERS, null, consensus.confidence());
        }
        final Integer winner = consensus.winner().orElse(null);
        if (winner != null && consensus.confidence() >= agreementTarget) {
            return new Decision(Outcome.FINAL, winner, consensus.confidence());
        }
        if (countedAnswers < maxLabelers) {
            return new Decision(Outcome.ASK_ONE_MORE, null, consensus.confidence());
        }
        if (winner == null) {
            return new Decision(Outcome.UNRESOLVED, null, consensus.confidence());
        }
        return new Decision(Outcome.FINAL, winner, consensus.confidence());
    }
}
