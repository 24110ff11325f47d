package io.labelstream.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FashionMnistTest {

    @Test
    void shouldNameTheClassesAsTheDataSetAndTheDemoProjectDoInLabelIndexOrder() {
        assertThat(FashionMnist.LABELS).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    }

    @Test
    void shouldNameTheFirstTestImageAnAnkleBoot() throws Exception {
        final Optional<Path> directory = DemoDatasets.fashionMnist();
        assumeTrue(directory.isPresent(), "Fashion-MNIST is not installed: run datasets/install");

        final List<FashionMnist.Image> test = FashionMnist.test(directory.get());

        assertThat(test).hasSize(10_000);
        assertThat(FashionMnist.LABELS.get(test.get(0).label())).isEqualTo("Ankle boot");
    }
}
