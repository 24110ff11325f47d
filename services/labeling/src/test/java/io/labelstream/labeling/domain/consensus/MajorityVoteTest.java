package io.labelstream.labeling.domain.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MajorityVoteTest {

    @Test
    void shouldGiveEachClassItsShareOfTheVotes() {
        final Consensus consensus = MajorityVote.of(3,
                List.of(new Answer("i", "a", 2), new Answer("i", "b", 2), new Answer("i", "c", 0)));

        assertThat(consensus.winner()).contains(2);
        assertThat(consensus.confidence()).isEqualTo(2.0 / 3);
    }

    @Test
    void shouldNeverBreakATieByOrder() {
        final Consensus consensus = MajorityVote.of(2, List.of(new Answer("i", "a", 0), new Answer("i", "b", 1)));

        assertThat(consensus.winner()).isEmpty();
        assertThat(consensus.isTie()).isTrue();
    }

    @Test
    void shouldHaveNoWinnerWithoutAnswers() {
        assertThat(MajorityVote.of(2, List.of()).winner()).isEmpty();
    }
}
