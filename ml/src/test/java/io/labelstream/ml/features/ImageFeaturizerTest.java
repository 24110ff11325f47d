package io.labelstream.ml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.StackBatchifier;
import io.labelstream.ml.InputSpec;
import io.labelstream.ml.OfflineEngine;
import io.labelstream.ml.SyntheticData;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageFeaturizerTest {

    private final ImageFeaturizer featurizer = new ImageFeaturizer(InputSpec.image(28, 28, 1));

    @Test
    void shouldFeaturizeABatchAsTheStackOfItsItemsFeatures() throws IOException {
        final BufferedImage colored = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                colored.setRGB(x, y, new Color(x * 6, y * 8, (x + y) * 3).getRGB());
            }
        }
        final Random random = new Random(5);
        final List<CleanItem> items = List.of(item("a", png(SyntheticData.image(0, random))), item("b", png(colored)),
                item("c", png(SyntheticData.image(1, random))));
        try (NDManager manager = OfflineEngine.pytorch().newBaseManager()) {
            final NDList batch = featurizer.featurizeBatch(items, manager);
            final NDList stacked = new StackBatchifier().batchify(items.stream()
                    .map(item -> featurizer.featurize(item).toNDList(manager)).toArray(NDList[]::new));

            assertThat(batch.singletonOrThrow().getShape()).isEqualTo(new Shape(3, 1, 28, 28));
            assertThat(batch.singletonOrThrow().toFloatArray()).isEqualTo(stacked.singletonOrThrow().toFloatArray());
        }
    }

    @Test
    void shouldRefuseABatchWithAnUnreadableItemNamingTheItem() throws IOException {
        final String good = png(SyntheticData.image(0, new Random(1)));
        try (NDManager manager = OfflineEngine.pytorch().newBaseManager()) {
            assertThatThrownBy(() -> featurizer.featurizeBatch(List.of(item("a", good), item("b", "not base64!")),
                    manager)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("image item b has invalid base64 in imagePng");
            assertThatThrownBy(() -> featurizer.featurizeBatch(List.of(item("a", good), item("c", null)), manager))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("image item c has no imagePng");
            final String notPng = Base64.getEncoder().encodeToString("plain text".getBytes());
            assertThatThrownBy(() -> featurizer.featurizeBatch(List.of(item("d", notPng)), manager))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a readable PNG");
        }
    }

    private static String png(final BufferedImage image) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static CleanItem item(final String id, final String png) {
        return new CleanItem(1, id, "demo", ItemKind.image, null, png, 28, 28, 1, null, null, null, null, null);
    }
}
