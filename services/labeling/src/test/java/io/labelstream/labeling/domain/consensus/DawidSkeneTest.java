package io.labelstream.labeling.domain.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DawidSkeneTest {

    @Test
    void shouldBeatMajorityVoteWhenAThirdOfTheLabelersAreSpammers() {
        final Map<String, double[][]> crowd = new TreeMap<>();
        for (int j = 0; j < 6; j++) {
            crowd.put("honest-" + j, SyntheticCrowd.honest(3, 0.75));
        }
        for (int j = 0; j < 3; j++) {
            crowd.put("spammer-" + j, SyntheticCrowd.spammer(3));
        }
        final SyntheticCrowd data = new SyntheticCrowd(3, 42).label(2000, crowd, 5);

        final double majority = accuracy(data, answers -> MajorityVote.of(3, answers));
        final DawidSkene.Fit fit = DawidSkene.fit(3, data.answers, Map.of());
        final double dawidSkene = accuracyOfPosteriors(data, fit.posteriors());

        assertThat(dawidSkene).isGreaterThan(majority + 0.03);
        assertThat(fit.model().accuracyOf("spammer-0")).isCloseTo(1.0 / 3, within(0.06));
        assertThat(fit.model().accuracyOf("honest-0")).isCloseTo(0.75, within(0.05));
    }

    @Test
    void shouldRecoverEachLabelersConfusionMatrix() {
        final double[][] swapsTwoAndThree = {{0.9, 0.05, 0.05}, {0.05, 0.15, 0.8}, {0.05, 0.8, 0.15}};
        final Map<String, double[][]> crowd = new TreeMap<>(Map.of(
                "good-a", SyntheticCrowd.honest(3, 0.85),
                "good-b", SyntheticCrowd.honest(3, 0.8),
                "good-c", SyntheticCrowd.honest(3, 0.8),
                "swapper", swapsTwoAndThree));
        final SyntheticCrowd data = new SyntheticCrowd(3, 7).label(3000, crowd, 4);

        final double[][] estimated = DawidSkene.fit(3, data.answers, Map.of()).model().confusionOf("swapper");

        for (int k = 0; k < 3; k++) {
            for (int l = 0; l < 3; l++) {
                assertThat(estimated[k][l]).as("row %d column %d", k, l).isCloseTo(swapsTwoAndThree[k][l], within(0.05));
            }
        }
    }

    @Test
    void shouldHoldGoldItemsAtTheirKnownAnswer() {
        final List<Answer> answers = List.of(
                new Answer("gold-1", "a", 1), new Answer("gold-1", "b", 1), new Answer("item-1", "a", 0));

        final DawidSkene.Fit fit = DawidSkene.fit(2, answers, Map.of("gold-1", 0));

        assertThat(fit.posteriors().get("gold-1").winner()).contains(0);
        assertThat(fit.posteriors().get("gold-1").confidence()).isEqualTo(1.0);
    }

    @Test
    void shouldUseThePriorForALabelerTheFitHasNotSeen() {
        final DawidSkene.Model model = DawidSkene.fit(2, List.of(new Answer("x", "a", 0)), Map.of()).model();

        final Consensus consensus = model.posterior(List.of(new Answer("y", "newcomer", 1)));

        assertThat(consensus.winner()).contains(1);
        assertThat(consensus.confidence()).isLessThan(0.9);
    }

    @Test
    void shouldNotPickAWinnerWhenTwoEquallyTrustedLabelersDisagree() {
        final DawidSkene.Model model = new DawidSkene.Model(new double[] {0.5, 0.5},
                Map.of("a", SyntheticCrowd.honest(2, 0.8), "b", SyntheticCrowd.honest(2, 0.8)));

        final Consensus consensus = model.posterior(List.of(new Answer("x", "a", 0), new Answer("x", "b", 1)));

        assertThat(consensus.isTie()).isTrue();
        assertThat(consensus.winner()).isEmpty();
    }

    private static double accuracy(final SyntheticCrowd data, final Function<List<Answer>, Consensus> method) {
        final Map<String, List<Answer>> byItem = data.answers.stream().collect(Collectors.groupingBy(Answer::itemId));
        return byItem.entrySet().stream()
                .mapToDouble(entry -> method.apply(entry.getValue()).winner()
                        .map(label -> label.equals(data.truth.get(entry.getKey())) ? 1.0 : 0.0)
                        // a tie is no label: it counts as wrong, as it would for a labeler waiting for it
                        .orElse(0.0))
                .average().orElseThrow();
    }

    private static double accuracyOfPosteriors(final SyntheticCrowd data, final Map<String, Consensus> posteriors) {
        return posteriors.entrySet().stream()
                .mapToDouble(entry -> entry.getValue().winner()
                        .map(label -> label.equals(data.truth.get(entry.getKey())) ? 1.0 : 0.0).orElse(0.0))
                .average().orElseThrow();
    }
}
