package io.labelstream.ml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.labelstream.ml.InputSpec;
import org.junit.jupiter.api.Test;

class TextFeaturizerTest {

    private final TextFeaturizer featurizer = new TextFeaturizer(InputSpec.text(1 << 12, 64));

    @Test
    void shouldGiveTheSameFeaturesForTheSameTextAndPadWithIdZero() {
        final TextFeatures first = featurizer.fromText("Free MONEY!!! Click now");
        final TextFeatures second = featurizer.fromText("free money!!! click now");

        assertThat(first.ids()).hasSize(64).isEqualTo(second.ids());
        assertThat(first.weights()).isEqualTo(second.weights());
        double sum = 0;
        for (int i = 0; i < first.ids().length; i++) {
            assertThat(first.ids()[i]).isBetween(0L, (long) (1 << 12) - 1);
            if (first.weights()[i] == 0) {
                assertThat(first.ids()[i]).isZero();
            }
            sum += first.weights()[i];
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void shouldKeepAtMostTheConfiguredNumberOfFeatures() {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("word").append(i).append(' ');
        }
        final TextFeatures features = featurizer.fromText(text.toString());
        assertThat(features.ids()).hasSize(64);
        assertThat(features.ids()[63]).isNotZero();
    }

    @Test
    void shouldMapEmptyTextToPaddingOnly() {
        final TextFeatures features = featurizer.fromText("");
        assertThat(features.ids()).containsOnly(0L);
        assertThat(features.weights()).containsOnly(0f);
    }
}
