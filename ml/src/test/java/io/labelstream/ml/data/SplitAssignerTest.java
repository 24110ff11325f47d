package io.labelstream.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.labelstream.ml.data.SplitAssigner.Split;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAssignerTest {

    private final SplitAssigner assigner = new SplitAssigner(0.8, 0.1);

    @Test
    void shouldAssignTheSameSplitToTheSameKeyEveryTime() {
        for (int i = 0; i < 1_000; i++) {
            final String key = "item-" + i;
            assertThat(new SplitAssigner(0.8, 0.1).assign(key)).isEqualTo(assigner.assign(key));
        }
    }

    @Test
    void shouldSplitRoughlyEightyTenTen() {
        final Map<Split, Integer> counts = new EnumMap<>(Split.class);
        final int n = 20_000;
        for (int i = 0; i < n; i++) {
            counts.merge(assigner.assign("item-" + i), 1, Integer::sum);
        }
        assertThat(counts.get(Split.train) / (double) n).isCloseTo(0.8, within(0.01));
        assertThat(counts.get(Split.validation) / (double) n).isCloseTo(0.1, within(0.01));
        assertThat(counts.get(Split.test) / (double) n).isCloseTo(0.1, within(0.01));
    }

    @Test
    void shouldKeepBucketsStableAcrossReleases() {
        assertThat(SplitAssigner.bucket("item-0")).isEqualTo(SplitAssigner.bucket("item-0"));
        assertThat(SplitAssigner.bucket("a")).isBetween(0, 9_999);
    }

    @Test
    void shouldRefuseFractionsThatLeaveNoTestSplit() {
        assertThatThrownBy(() -> new SplitAssigner(0.9, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SplitAssigner(0.0, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
