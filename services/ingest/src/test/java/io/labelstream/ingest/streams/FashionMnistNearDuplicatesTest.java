package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.labelstream.cleaning.PerceptualHash;
import io.labelstream.cleaning.SimilarityHash;
import io.labelstream.ml.data.DemoDatasets;
import io.labelstream.ml.data.FashionMnist;
import io.labelstream.schemas.events.ItemKind;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The default image rule on the real data: the 60,000 Fashion-MNIST training images, in their official order, go
 * through the de-duplication index as one project's items would, and no class may lose more than 1% of its
 * distinct images as near duplicates. Prints the share per class; skipped where the data set is not installed.
 */
class FashionMnistNearDuplicatesTest {

    private static final double MAX_FLAGGED_SHARE = 0.01;

    @Test
    void shouldFlagUnderOnePercentOfTheDistinctTrainingImagesOfEveryClass() throws Exception {
        final Optional<Path> directory = DemoDatasets.fashionMnist();
        assumeTrue(directory.isPresent(), "Fashion-MNIST is not installed: run datasets/install");
        final List<FashionMnist.Image> images = FashionMnist.train(directory.get());
        final CleaningSettings defaults = CleaningSettings.defaults(Clock.systemUTC());
        final NearDuplicateIndex index = new NearDuplicateIndex(defaults.textNearDistance(),
                defaults.imageNearDistance());
        index.reload(NearDuplicateIndexTest.emptyStore());
        final int classes = FashionMnist.LABELS.size();
        final int[] distinct = new int[classes];
        final int[] flagged = new int[classes];
        final Set<String> seenPixels = new HashSet<>();

        for (final FashionMnist.Image image : images) {
            final String pixels = HexFormat.of().formatHex(image.pixels());
            if (!seenPixels.add(pixels)) {
                continue;
            }
            distinct[image.label()]++;
            // a 28x28 grey PNG normalizes to the same pixels at the project size (28x28, 1 channel), so hashing the
            // pixels gives the hash ingest computes, without encoding and decoding 60,000 PNGs
            final SimilarityHash hash = PerceptualHash.of(grey(image.pixels()));
            if (index.nearest("fashion", ItemKind.image, image.id(), hash, 0).isPresent()) {
                flagged[image.label()]++;
            } else {
                index.add("fashion", ItemKind.image, hash, new SeenItem(image.id(), 1));
            }
        }

        for (int label = 0; label < classes; label++) {
            System.out.printf("%-12s %5d of %5d distinct images flagged (%.2f%%)%n", FashionMnist.LABELS.get(label),
                    flagged[label], distinct[label], 100.0 * flagged[label] / distinct[label]);
        }
        for (int label = 0; label < classes; label++) {
            assertThat((double) flagged[label] / distinct[label]).as(FashionMnist.LABELS.get(label))
                    .isLessThan(MAX_FLAGGED_SHARE);
        }
    }

    private static BufferedImage grey(final byte[] pixels) {
        final BufferedImage image = new BufferedImage(FashionMnist.SIZE, FashionMnist.SIZE,
                BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, FashionMnist.SIZE, FashionMnist.SIZE, pixels);
        return image;
    }
}
