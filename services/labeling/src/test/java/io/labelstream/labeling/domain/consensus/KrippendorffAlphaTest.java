package io.labelstream.labeling.domain.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KrippendorffAlphaTest {

    /** Krippendorff's own worked example: 4 observers, 12 units, values 1..5, some missing; nominal alpha 0.743. */
    @Test
    void shouldReproduceThePublishedExampleWithMissingAnswers() {
        final Integer[][] observers = {
                {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
                {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
                {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
                {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null}};
        final List<Answer> answers = new ArrayList<>();
        for (int o = 0; o < observers.length; o++) {
            for (int unit = 0; unit < observers[o].length; unit++) {
                if (observers[o][unit] != null) {
                    answers.add(new Answer("unit-" + unit, "observer-" + o, observers[o][unit] - 1));
                }
            }
        }

        assertThat(KrippendorffAlpha.nominal(5, answers)).isCloseTo(0.743, within(0.0005));
    }

    @Test
    void shouldBeOneForPerfectAgreement() {
        final List<Answer> answers = List.of(
                new Answer("x", "a", 0), new Answer("x", "b", 0),
                new Answer("y", "a", 1), new Answer("y", "b", 1), new Answer("y", "c", 1));

        assertThat(KrippendorffAlpha.nominal(2, answers)).isEqualTo(1.0);
    }

    @Test
    void shouldBeNearZeroForACrowdOfSpammers() {
        final Map<String, double[][]> crowd = new TreeMap<>();
        for (int j = 0; j < 5; j++) {
            crowd.put("spammer-" + j, SyntheticCrowd.spammer(4));
        }
        final SyntheticCrowd data = new SyntheticCrowd(4, 3).label(3000, crowd, 3);

        assertThat(KrippendorffAlpha.nominal(4, data.answers)).isCloseTo(0.0, within(0.03));
    }

    @Test
    void shouldBeUndefinedWithoutPairs() {
        assertThat(KrippendorffAlpha.nominal(2, List.of(new Answer("x", "a", 0)))).isNaN();
    }
}
