package io.labelstream.cleaning;

import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RejectReason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a base64 PNG, JPEG, GIF or BMP, refuses what is not one or what is too large, and converts it to the
 * project's target size and channels, re-encoded as PNG. The size an image declares in its header is checked
 * before a decoder sees the image, so a small file that declares a huge canvas is refused the same way in every
 * format.
 */
public final class ImageNormalizer {

    private static final int SOURCE_PIXELS_PER_TARGET_PIXEL = 4;

    private final ImageLimits limits;

    public ImageNormalizer(final ImageLimits limits) {
        this.limits = limits;
        // ImageIO otherwise buffers streams in temporary files; everything here is already in memory
        ImageIO.setUseCache(false);
    }

    public NormalizedImage normalize(final String base64, final Project.ImageSpec target) {
        final BufferedImage decoded = decode(decodeBase64(base64), target);
        final int width = target == null ? decoded.getWidth() : target.width();
        final int height = target == null ? decoded.getHeight() : target.height();
        final int channels = target == null ? 3 : target.channels();
        final BufferedImage converted = convert(decoded, width, height, channels);
        final byte[] pixels = ((DataBufferByte) converted.getRaster().getDataBuffer()).getData();
        return new NormalizedImage(png(converted), pixels.clone(), width, height, channels,
                PerceptualHash.of(converted));
    }

    private byte[] decodeBase64(final String base64) {
        final String compact = base64.replaceAll("\\s+", "");
        if ((long) compact.length() * 3 / 4 > limits.maxEncodedBytes()) {
            throw new ItemRejectedException(RejectReason.IMAGE_TOO_LARGE,
                    "The image has more than " + limits.maxEncodedBytes() + " bytes.");
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (final IllegalArgumentException e) {
            throw new ItemRejectedException(RejectReason.INVALID_BASE64, "The content is not base64: " + e.getMessage());
        }
    }

    private BufferedImage decode(final byte[] bytes, final Project.ImageSpec target) {
        final ImageHeader header = ImageHeader.of(bytes);
        checkDeclaredSize(header);
        final ImageReader reader = ImageIO.getImageReadersByFormatName(header.format()).next();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            final ImageReadParam param = reader.getDefaultReadParam();
            final int step = subsampling(header, target);
            param.setSourceSubsampling(step, step, 0, 0);
            final BufferedImage image = reader.read(0, param);
            if (image == null) {
                throw new ItemRejectedException(RejectReason.UNDECODABLE_IMAGE, "The image has no pixels.");
            }
            return image;
        } catch (final IOException | RuntimeException e) {
            if (e instanceof ItemRejectedException rejected) {
                throw rejected;
            }
            throw new ItemRejectedException(RejectReason.UNDECODABLE_IMAGE, "Cannot decode the image: " + e.getMessage());
        } finally {
            reader.dispose();
        }
    }

    /**
     * Every how many rows and columns the decoder keeps a pixel. Scaling a picture of many megapixels down to the
     * model's size keeps only a few source pixels per target pixel anyway; decoding only every n-th of them, but still
     * at least {@value #SOURCE_PIXELS_PER_TARGET_PIXEL} per target pixel on each axis, allocates and converts a small
     * image instead of the whole canvas (a 6000x6000 16-bit RGBA PNG: a quarter of the time).
     */
    private static int subsampling(final ImageHeader header, final Project.ImageSpec target) {
        if (target == null) {
            return 1;
        }
        final long step = Math.min(header.width() / ((long) SOURCE_PIXELS_PER_TARGET_PIXEL * target.width()),
                header.height() / ((long) SOURCE_PIXELS_PER_TARGET_PIXEL * target.height()));
        return (int) Math.max(1, step);
    }

    private void checkDeclaredSize(final ImageHeader header) {
        final long width = header.width();
        final long height = header.height();
        if (width <= 0 || height <= 0) {
            throw new ItemRejectedException(RejectReason.UNDECODABLE_IMAGE,
                    "The image declares " + width + "x" + height + " pixels.");
        }
        if (width > limits.maxSide() || height > limits.maxSide() || width * height > limits.maxPixels()) {
            throw new ItemRejectedException(RejectReason.IMAGE_TOO_LARGE, "The image declares " + width + "x"
                    + height + " pixels; at most " + limits.maxSide() + " per side and " + limits.maxPixels()
                    + " in all are accepted.");
        }
        if (header.decodedBytes() > limits.maxDecodedBytes()) {
            throw new ItemRejectedException(RejectReason.IMAGE_TOO_LARGE, "The image declares " + width + "x" + height
                    + " pixels of " + header.bitsPerPixel() + " bits, which decode to " + header.decodedBytes()
                    + " bytes; at most " + limits.maxDecodedBytes() + " are accepted.");
        }
    }

    /** Transparent pixels are composed onto white, the background labelers and models expect. */
    private static BufferedImage convert(final BufferedImage source, final int width, final int height,
            final int channels) {
        final BufferedImage target = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        final Graphics2D graphics = target.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, width, height);
            graphics.drawImage(source, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }

    private static byte[] png(final BufferedImage image) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot encode PNG in memory", e);
        }
        return out.toByteArray();
    }
}
