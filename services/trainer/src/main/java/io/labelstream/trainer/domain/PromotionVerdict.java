package io.labelstream.trainer.domain;

import io.labelstream.schemas.events.ModelEvent.Outcome;
import io.labelstream.schemas.events.ModelEvent.PromotionCheck;
import java.util.Locale;

/**
 * The promotion rule's verdict on a newly registered model and its reason, as the registry records and publishes
 * them. A model replaces the champion when the project has none, when the label set changed, or when its test
 * accuracy is higher than the champion's on the same test split by at least the project's margin. Both scores are
 * fractions of the same test examples, so a tie is exact equality.
 */
public record PromotionVerdict(PromotionCheck check, String reason) {

    public static final String METRIC = "accuracy";

    public boolean promotes() {
        return check.outcome().promotes();
    }

    public static PromotionVerdict firstModel() {
        return new PromotionVerdict(new PromotionCheck(Outcome.first_model, null, null, null, null, null),
                "first model of the project");
    }

    public static PromotionVerdict labelSetChanged(final String champion) {
        return new PromotionVerdict(new PromotionCheck(Outcome.label_set_changed, null, null, champion, null, null),
                "label set changed since " + champion);
    }

    /** The champion could not be evaluated on the challenger's test split; the challenger stays a candidate. */
    public static PromotionVerdict failed(final double score, final String champion, final double margin,
            final String datasetVersion, final String error) {
        return new PromotionVerdict(new PromotionCheck(Outcome.failed, METRIC, score, champion, null, margin),
                "champion " + champion + " could not be evaluated on the test split of " + datasetVersion + ": "
                        + error);
    }

    /** The verdict on a challenger scoring {@code score} where the champion scores {@code championScore}. */
    public static PromotionVerdict compare(final double score, final String champion, final double championScore,
            final double margin, final String datasetVersion) {
        final Outcome outcome;
        final String verdict;
        if (score < championScore) {
            outcome = Outcome.below_champion;
            verdict = "below champion " + champion;
        } else if (score == championScore) {
            outcome = Outcome.tie;
            verdict = "tie with champion " + champion;
        } else if (score - championScore < margin) {
            outcome = Outcome.below_margin;
            verdict = "above champion " + champion + " by less than the margin";
        } else {
            outcome = Outcome.beats_champion;
            verdict = "beats champion " + champion;
        }
        return new PromotionVerdict(new PromotionCheck(outcome, METRIC, score, champion, championScore, margin),
                String.format(Locale.ROOT, "%s: test %s %.4f vs %.4f on the same test split of %s (%+.4f, margin %.4f)",
                        verdict, METRIC, score, championScore, datasetVersion, score - championScore, margin));
    }
}
