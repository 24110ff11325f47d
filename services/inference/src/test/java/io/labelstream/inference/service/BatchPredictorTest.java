package io.labelstream.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.labelstream.inference.domain.ModelOutput;
import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.support.TestImages;
import io.labelstream.inference.support.TestModels;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.ScoredLabel;

/** A batch is featurized as a whole; one item the model cannot read must still cost the others nothing. */
class BatchPredictorTest {

    private static final String PROJECT = "fashion";

    @TempDir
    Path store;

    @Test
    void shouldPredictTheRestOfABatchWhenTheModelCannotReadSomeOfItsItems() {
        final CleanItem first = image("first", TestImages.base64(TestImages.grey28(), "png"));
        final CleanItem notPng = image("not-png",
                Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8)));
        final CleanItem text = KafkaIo.textItem(PROJECT, "text", "a text in an image project");
        final CleanItem last = image("last", TestImages.base64(noise(9), "png"));
        try (ModelRegistry registry = new ModelRegistry(new DirectoryArtifactStore(store), 2, 1, 2, 1, 1)) {
            registry.promote(TestModels.promotedImageModel(store, PROJECT, "v1", 3, 0.9));
            try (Champion.Lease lease = registry.lease(PROJECT).orElseThrow()) {
                final List<ModelOutput> mixed = BatchPredictor.predict(lease.champion(),
                        List.of(first, notPng, text, last), new long[4]).outputs();
                final List<ModelOutput> readable = BatchPredictor.predict(lease.champion(), List.of(first, last),
                        new long[2]).outputs();

                assertThat(mixed.get(1)).isNull();
                assertThat(mixed.get(2)).isNull();
                assertThat(List.of(mixed.get(0), mixed.get(3))).allSatisfy(output -> {
                    assertThat(output.modelVersion()).isEqualTo("v1");
                    assertThat(output.probabilities()).hasSize(TestModels.IMAGE_LABELS.size());
                });
                assertSameProbabilities(mixed.get(0), readable.get(0));
                assertSameProbabilities(mixed.get(3), readable.get(1));
            }
        }
    }

    @Test
    void shouldPredictABatchLargerThanTheLargestForwardPassInItemOrder() {
        final List<CleanItem> batch = IntStream.range(0, 7)
                .mapToObj(i -> image("noise-" + i, TestImages.base64(noise(i), "png"))).toList();
        try (ModelRegistry registry = new ModelRegistry(new DirectoryArtifactStore(store), 2, 1, 2, 1, 1)) {
            registry.promote(TestModels.promotedImageModel(store, PROJECT, "v1", 3, 0.9));
            try (Champion.Lease lease = registry.lease(PROJECT).orElseThrow()) {
                final List<ModelOutput> outputs =
                        BatchPredictor.predict(lease.champion(), batch, new long[batch.size()]).outputs();

                // distinct images, distinct outputs: a chunk or a pass out of order cannot go unnoticed
                assertThat(outputs.stream().map(output -> output.probabilities().get(0).probability())
                        .distinct()).hasSize(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    assertSameProbabilities(outputs.get(i), BatchPredictor.predict(lease.champion(),
                            List.of(batch.get(i)), new long[1]).outputs().get(0));
                }
            }
        }
    }

    private static void assertSameProbabilities(final ModelOutput actual, final ModelOutput expected) {
        for (int i = 0; i < expected.probabilities().size(); i++) {
            final ScoredLabel label = expected.probabilities().get(i);
            assertThat(actual.probabilities().get(i).label()).isEqualTo(label.label());
            assertThat(actual.probabilities().get(i).probability()).isCloseTo(label.probability(), within(1e-6));
        }
    }

    private static CleanItem image(final String itemId, final String png) {
        return new CleanItem(CleanItem.VERSION, itemId, PROJECT, ItemKind.image, null, png, 28, 28, 1, null, null,
                null, null, null);
    }

    private static BufferedImage noise(final long seed) {
        final BufferedImage image = TestImages.grey28();
        final Random random = new Random(seed);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        return image;
    }
}
