package io.labelstream.labeling.domain.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.labelstream.labeling.domain.consensus.AdaptiveRedundancy.Outcome;
import org.junit.jupiter.api.Test;

class AdaptiveRedundancyTest {

    private final AdaptiveRedundancy policy = new AdaptiveRedundancy(2, 4, 0.9);

    @Test
    void shouldWaitUntilTheMinimumHasAnswered() {
        assertThat(policy.decide(new Consensus(new double[] {1, 0}), 1).outcome()).isEqualTo(Outcome.WAIT_FOR_ANSWERS);
    }

    @Test
    void shouldStopAsSoonAsTheTargetIsReached() {
        final AdaptiveRedundancy.Decision decision = policy.decide(new Consensus(new double[] {0.05, 0.95}), 2);

        assertThat(decision.outcome()).isEqualTo(Outcome.FINAL);
        assertThat(decision.label()).isEqualTo(1);
    }

    @Test
    void shouldAskOneMoreBelowTheTargetUntilTheMaximum() {
        assertThat(policy.decide(new Consensus(new double[] {0.3, 0.7}), 3).outcome()).isEqualTo(Outcome.ASK_ONE_MORE);
    }

    @Test
    void shouldLeaveATieAtTheMaximumUnresolved() {
        final AdaptiveRedundancy.Decision decision = policy.decide(new Consensus(new double[] {0.5, 0.5}), 4);

        assertThat(decision.outcome()).isEqualTo(Outcome.UNRESOLVED);
        assertThat(decision.label()).isNull();
    }

    @Test
    void shouldTakeAClearWinnerBelowTheTargetAtTheMaximum() {
        final AdaptiveRedundancy.Decision decision = policy.decide(new Consensus(new double[] {0.25, 0.75}), 4);

        assertThat(decision.outcome()).isEqualTo(Outcome.FINAL);
        assertThat(decision.confidence()).isEqualTo(0.75);
    }

    @Test
    void shouldRejectAMaximumBelowTheMinimum() {
        assertThatThrownBy(() -> new AdaptiveRedundancy(3, 2, 0.9)).isInstanceOf(IllegalArgumentException.class);
    }
}
