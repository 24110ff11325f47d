package io.labelstream.ml.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.SyntheticData;
import org.junit.jupiter.api.Test;

class SmallAlexNetTest {

    private static final Hyperparameters DEFAULTS = Hyperparameters.defaults(Architecture.ALEXNET_SMALL);

    @Test
    void shouldRefuseAWidthThatLeavesAPartChannelBlock() {
        assertThatThrownBy(() -> SmallAlexNet.build(SyntheticData.IMAGE_INPUT, 2, DEFAULTS.withWidth(24)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 16")
                .hasMessageContaining("not 24");
        assertThatThrownBy(() -> SmallAlexNet.build(SyntheticData.IMAGE_INPUT, 2, DEFAULTS.withWidth(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBuildWholeChannelBlocksByDefault() {
        assertThat(DEFAULTS.width() % SmallAlexNet.CHANNEL_BLOCK).isZero();
        assertThat(SmallAlexNet.build(SyntheticData.IMAGE_INPUT, 2, DEFAULTS)).isNotNull();
    }
}
