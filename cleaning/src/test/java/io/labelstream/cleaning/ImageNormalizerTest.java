package io.labelstream.cleaning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.labelstream.schemas.events.RejectReason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The files that declare a huge canvas hold no pixel data at all: a decoder that ran on them would fail as
 * {@code UNDECODABLE_IMAGE} (or allocate the canvas), so {@code IMAGE_TOO_LARGE} shows the size was judged
 * from the header alone.
 */
class ImageNormalizerTest {

    private static final ImageLimits LIMITS = new ImageLimits(1 << 20, 4096, 1L << 20, 1L << 22);
    private static final String TOO_LARGE = " pixels; at most 4096 per side and 1048576 in all are accepted.";

    private final ImageNormalizer normalizer = new ImageNormalizer(LIMITS);

    private ItemRejectedException rejectionOf(final byte[] file) {
        return catchThrowableOfType(ItemRejectedException.class,
                () -> normalizer.normalize(Base64.getEncoder().encodeToString(file), null));
    }

    private void assertTooLarge(final String format, final byte[] file, final String declared) {
        final ItemRejectedException rejection = rejectionOf(file);

        assertThat(rejection).as(format).isNotNull();
        assertThat(rejection.reason()).as(format + ": " + rejection.detail()).isEqualTo(RejectReason.IMAGE_TOO_LARGE);
        assertThat(rejection.detail()).as(format).isEqualTo("The image declares " + declared + TOO_LARGE);
    }

    @Test
    void shouldRefuseEveryFormatThatDeclaresAHugeCanvasAsTooLargeBeforeDecodingIt() {
        assertTooLarge("png", png(100_000, 100_000), "100000x100000");
        assertTooLarge("gif", gif(65_535, 65_535, 65_535, 65_535), "65535x65535");
        assertTooLarge("jpeg", jpeg(65_535, 65_535), "65535x65535");
        assertTooLarge("bmp", bmp(100_000, 100_000), "100000x100000");
    }

    @Test
    void shouldRefuseAPngWhoseRowsInflateToMoreBytesThanTheLimitWhateverItsPixelCount() {
        // 1024x512 pixels are within the pixel limit; at 16-bit RGBA their rows inflate to 4 MiB, over the 4 MiB - 1
        final ImageNormalizer normalizer = new ImageNormalizer(new ImageLimits(1 << 20, 4096, 1L << 20, (1L << 22) - 1));
        final ItemRejectedException rejection = catchThrowableOfType(ItemRejectedException.class,
                () -> normalizer.normalize(Base64.getEncoder().encodeToString(png(1024, 512, 16, 6)), null));

        assertThat(rejection.reason()).isEqualTo(RejectReason.IMAGE_TOO_LARGE);
        assertThat(rejection.detail()).isEqualTo("The image declares 1024x512 pixels of 64 bits, which decode to "
                + "4194304 bytes; at most 4194303 are accepted.");
        assertThat(rejectionOf(png(1024, 512, 8, 0)).reason()).as("8-bit grey: 512 KiB of rows, no pixel data")
                .isEqualTo(RejectReason.UNDECODABLE_IMAGE);
    }

    @Test
    void shouldDecodeAPictureManyTimesTheTargetSizeSubsampledToTheSameLooks() throws IOException {
        final BufferedImage large = new BufferedImage(448, 448, BufferedImage.TYPE_3BYTE_BGR);
        final Graphics2D graphics = large.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, 448, 448);
        graphics.setColor(Color.BLACK);
        graphics.fillRect(0, 0, 224, 448);
        graphics.dispose();
        final ByteArrayOutputStream file = new ByteArrayOutputStream();
        ImageIO.write(large, "png", file);

        final NormalizedImage image = normalizer.normalize(Base64.getEncoder().encodeToString(file.toByteArray()),
                new io.labelstream.schemas.events.Project.ImageSpec(28, 28, 1));

        assertThat(image.width()).isEqualTo(28);
        assertThat(image.pixels()[28 * 14 + 3] & 0xFF).as("left half").isEqualTo(0);
        assertThat(image.pixels()[28 * 14 + 24] & 0xFF).as("right half").isEqualTo(255);
    }

    @Test
    void shouldRefuseACanvasTooLargeOnOneSideOrInAll() {
        assertTooLarge("wide bmp", bmp(4097, 1), "4097x1");
        assertTooLarge("tall jpeg", jpeg(1, 4097), "1x4097");
        assertTooLarge("png with too many pixels", png(2000, 1000), "2000x1000");
    }

    @Test
    void shouldReadTheSizeOfABottomUpAndATopDownBmp() {
        assertTooLarge("bottom-up bmp", bmp(100_000, 100_000), "100000x100000");
        assertTooLarge("top-down bmp", bmp(100_000, -100_000), "100000x100000");
    }

    @Test
    void shouldJudgeAGifByItsFirstFrameWhichIsWhatIsDecoded() {
        assertTooLarge("gif frame larger than its screen", gif(16, 16, 65_535, 65_535), "65535x65535");
    }

    @Test
    void shouldRefuseAHeaderThatEndsBeforeItsSizeAsUndecodable() {
        for (final byte[] file : List.of(prefix(png(8, 8), 20), prefix(gif(8, 8, 8, 8), 16), prefix(jpeg(8, 8), 8),
                prefix(bmp(8, 8), 20))) {
            assertThat(rejectionOf(file).reason()).isEqualTo(RejectReason.UNDECODABLE_IMAGE);
        }
    }

    @Test
    void shouldRefuseBytesOfNoAcceptedFormatAsUndecodable() {
        final ItemRejectedException rejection = rejectionOf("II*\0 a TIFF header".getBytes(StandardCharsets.US_ASCII));

        assertThat(rejection.reason()).isEqualTo(RejectReason.UNDECODABLE_IMAGE);
        assertThat(rejection.detail()).isEqualTo("The bytes are not a PNG, JPEG, GIF or BMP image.");
    }

    @Test
    void shouldDecodeARealFileOfEveryFormatAtItsDeclaredSize() {
        final BufferedImage picture = picture(7, 5);
        for (final String format : List.of("png", "jpeg", "gif", "bmp")) {
            final NormalizedImage image = normalizer.normalize(Base64.getEncoder().encodeToString(
                    encode(picture, format)), null);

            assertThat(image.width()).as(format).isEqualTo(7);
            assertThat(image.height()).as(format).isEqualTo(5);
        }
    }

    /** Signature and IHDR chunk: no IDAT. */
    private static byte[] png(final int width, final int height) {
        return png(width, height, 8, 0);
    }

    private static byte[] png(final int width, final int height, final int bitDepth, final int colorType) {
        final ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width).putInt(height).put((byte) bitDepth).put((byte) colorType).put((byte) 0).put((byte) 0)
                .put((byte) 0);
        final CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    /** Header, logical screen, a graphic control extension and the first frame's descriptor: no image data. */
    private static byte[] gif(final int screenWidth, final int screenHeight, final int frameWidth,
            final int frameHeight) {
        return little(34).put("GIF89a".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) screenWidth).putShort((short) screenHeight).put((byte) 0).put((byte) 0).put((byte) 0)
                .put(new byte[] {0x21, (byte) 0xF9, 4, 0, 0, 0, 0, 0})
                .put((byte) 0x2C).putShort((short) 0).putShort((short) 0)
                .putShort((short) frameWidth).putShort((short) frameHeight).put((byte) 0)
                .put((byte) 2).put((byte) 0).put((byte) 0x3B)
                .array();
    }

    /** SOI, a JFIF APP0 segment and a baseline frame header: no tables, no scan. */
    private static byte[] jpeg(final int width, final int height) {
        return ByteBuffer.allocate(2 + 18 + 13).put(new byte[] {(byte) 0xFF, (byte) 0xD8})
                .put(new byte[] {(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0})
                .put(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 11, 8})
                .putShort((short) height).putShort((short) width).put(new byte[] {1, 1, 0x11, 0})
                .array();
    }

    /** File header and BITMAPINFOHEADER of a 24-bit picture: no pixels. */
    private static byte[] bmp(final int width, final int height) {
        return little(54).put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54)
                .putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24)
                .putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0)
                .array();
    }

    private static ByteBuffer little(final int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] prefix(final byte[] file, final int length) {
        return Arrays.copyOf(file, length);
    }

    private static BufferedImage picture(final int width, final int height) {
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.ORANGE);
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(Color.BLUE);
        graphics.fillRect(1, 1, width / 2, height / 2);
        graphics.dispose();
        return image;
    }

    private static byte[] encode(final BufferedImage image, final String format) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertThat(ImageIO.write(image, format, out)).as(format).isTrue();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
