package io.labelstream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.schemas.events.ModelEvent.Outcome;
import io.labelstream.schemas.events.ModelEvent.PromotionCheck;
import org.junit.jupiter.api.Test;

class PromotionVerdictTest {

    @Test
    void shouldKeepAModelBelowTheChampionACandidateAndSayByHowMuch() {
        final PromotionVerdict verdict = PromotionVerdict.compare(0.912, "spam-v3", 0.918, 0.0, "ds-1");

        assertThat(verdict.promotes()).isFalse();
        assertThat(verdict.check()).isEqualTo(
                new PromotionCheck(Outcome.below_champion, "accuracy", 0.912, "spam-v3", 0.918, 0.0));
        assertThat(verdict.reason()).isEqualTo(
                "below champion spam-v3: test accuracy 0.9120 vs 0.9180 on the same test split of ds-1 (-0.0060, "
                        + "margin 0.0000)");
    }

    @Test
    void shouldNotPromoteATieEvenWithoutAMargin() {
        final PromotionVerdict verdict = PromotionVerdict.compare(0.9, "spam-v3", 0.9, 0.0, "ds-1");

        assertThat(verdict.check().outcome()).isEqualTo(Outcome.tie);
        assertThat(verdict.promotes()).isFalse();
        assertThat(verdict.reason()).startsWith("tie with champion spam-v3: test accuracy 0.9000 vs 0.9000");
    }

    @Test
    void shouldPromoteOnlyByAtLeastTheMargin() {
        assertThat(PromotionVerdict.compare(0.925, "spam-v3", 0.92, 0.01, "ds-1").check().outcome())
                .isEqualTo(Outcome.below_margin);
        assertThat(PromotionVerdict.compare(0.925, "spam-v3", 0.92, 0.01, "ds-1").promotes()).isFalse();
        assertThat(PromotionVerdict.compare(0.94, "spam-v3", 0.92, 0.01, "ds-1").check().outcome())
                .isEqualTo(Outcome.beats_champion);
        assertThat(PromotionVerdict.compare(0.94, "spam-v3", 0.92, 0.01, "ds-1").promotes()).isTrue();
        assertThat(PromotionVerdict.compare(0.921, "spam-v3", 0.92, 0.0, "ds-1").promotes()).isTrue();
    }

    @Test
    void shouldPromoteTheFirstModelAndANewLabelSetButNotAfterAFailedComparison() {
        assertThat(PromotionVerdict.firstModel().promotes()).isTrue();
        assertThat(PromotionVerdict.labelSetChanged("spam-v3").reason()).isEqualTo("label set changed since spam-v3");
        final PromotionVerdict failed = PromotionVerdict.failed(0.9, "spam-v3", 0.0, "ds-1", "artifact missing");
        assertThat(failed.promotes()).isFalse();
        assertThat(failed.check().championScore()).isNull();
        assertThat(failed.reason())
                .isEqualTo("champion spam-v3 could not be evaluated on the test split of ds-1: artifact missing");
    }
}
