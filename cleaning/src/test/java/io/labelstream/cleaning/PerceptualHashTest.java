package io.labelstream.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.schemas.events.Project;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PerceptualHashTest {

    /** The default image distance of ingest; a near duplicate must stay within it. */
    private static final int NEAR = 24;
    private static final Project.ImageSpec GREY_28 = new Project.ImageSpec(28, 28, 1);

    private final ImageNormalizer normalizer = new ImageNormalizer(new ImageLimits(1 << 20, 4096, 1 << 24, 1L << 26));

    @Test
    void shouldGiveALosslessReEncodingTheSameHash() {
        final BufferedImage trousers = trousers(8, 4, 0);

        assertThat(hashOf(trousers, "gif")).isEqualTo(hashOf(trousers, "png"));
        assertThat(hashOf(trousers, "bmp")).isEqualTo(hashOf(trousers, "png"));
    }

    @Test
    void shouldKeepAJpegAResizedAndAnUpscaledCopyNear() {
        final BufferedImage trousers = trousers(8, 4, 0);
        final SimilarityHash original = hashOf(trousers, "png");

        assertThat(original.distance(hashOf(trousers, "jpg"))).isLessThanOrEqualTo(NEAR);
        assertThat(original.distance(hashOf(resized(resized(trousers, 56), 28), "png"))).isLessThanOrEqualTo(NEAR);
        assertThat(original.distance(hashOf(resized(trousers, 56), "png"))).isLessThanOrEqualTo(NEAR);
        assertThat(original.distance(hashOf(resized(trousers, 112), "jpg"))).isLessThanOrEqualTo(NEAR);
    }

    @Test
    void shouldKeepACopyWithAFewPixelsChangedNear() {
        final BufferedImage trousers = trousers(8, 4, 0);
        final BufferedImage touched = copy(trousers);
        final Random random = new Random(5);
        for (int i = 0; i < 3; i++) {
            final int x = random.nextInt(28);
            final int y = random.nextInt(28);
            final int grey = touched.getRaster().getSample(x, y, 0);
            touched.getRaster().setSample(x, y, 0, grey > 127 ? grey - 40 : grey + 40);
        }

        assertThat(hashOf(trousers, "png").distance(hashOf(touched, "png"))).isLessThanOrEqualTo(NEAR);
    }

    @Test
    void shouldKeepDistinctImagesOfOneKindApart() {
        final SimilarityHash narrow = hashOf(trousers(8, 4, 0), "png");

        assertThat(narrow.distance(hashOf(trousers(8, 6, 0), "png"))).as("wider legs").isGreaterThan(NEAR);
        assertThat(narrow.distance(hashOf(trousers(8, 4, 3), "png"))).as("a wider gap").isGreaterThan(NEAR);
        assertThat(narrow.distance(hashOf(trousers(5, 4, 0), "png"))).as("shorter").isGreaterThan(NEAR);
    }

    @Test
    void shouldPutTheLowestFrequenciesInTheFirstWord() {
        final SimilarityHash hash = hashOf(trousers(8, 4, 0), "png");
        final SimilarityHash blurred = hashOf(resized(resized(trousers(8, 4, 0), 8), 28), "png");

        // blurring removes high frequencies: the first word moves less than the other three
        assertThat(hash.bits()).isEqualTo(256);
        assertThat(Long.bitCount(hash.word(0) ^ blurred.word(0)) * 3)
                .isLessThan(hash.distance(blurred) - Long.bitCount(hash.word(0) ^ blurred.word(0)));
    }

    /** Fashion-MNIST-like trousers: light legs on black, {@code legWidth} apart by 2 + {@code gap} pixels. */
    private static BufferedImage trousers(final int top, final int legWidth, final int gap) {
        final BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        final Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(180, 180, 180));
        final int waist = 2 * legWidth + 2 + gap;
        final int left = (28 - waist) / 2;
        graphics.fillRect(left, top - 3, waist, 4);
        graphics.fillRect(left, top, legWidth, 27 - top);
        graphics.fillRect(left + legWidth + 2 + gap, top, legWidth, 27 - top);
        graphics.setColor(new Color(120, 120, 120));
        graphics.drawLine(left + 1, top + 2, left + 1, 25);
        graphics.dispose();
        return image;
    }

    private SimilarityHash hashOf(final BufferedImage image, final String format) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, bytes);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return normalizer.normalize(Base64.getEncoder().encodeToString(bytes.toByteArray()), GREY_28)
                .perceptualHash();
    }

    private static BufferedImage resized(final BufferedImage image, final int size) {
        final BufferedImage resized = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        final Graphics2D graphics = resized.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(image, 0, 0, size, size, null);
        graphics.dispose();
        return resized;
    }

    private static BufferedImage copy(final BufferedImage image) {
        return resized(image, image.getWidth());
    }
}
