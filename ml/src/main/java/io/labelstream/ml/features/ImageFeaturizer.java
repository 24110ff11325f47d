package io.labelstream.ml.features;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.labelstream.ml.InputSpec;
import io.labelstream.schemas.events.CleanItem;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Decodes an item's PNG, brings it to the model's size and channels (ingest normally did that already) and scales
 * pixel values from [0, 255] to [-1, 1].
 */
public final class ImageFeaturizer implements Featurizer {

    private final int width;
    private final int height;
    private final int channels;

    public ImageFeaturizer(final InputSpec input) {
        this.width = input.width();
        this.height = input.height();
        this.channels = input.channels();
    }

    @Override
    public ImageFeatures featurize(final CleanItem item) {
        return fromPng(pngOf(item));
    }

    @Override
    public NDList featurizeBatch(final List<CleanItem> items, final NDManager manager) {
        final int size = channels * height * width;
        final ByteBuffer bytes = manager.allocateDirect(items.size() * size * Float.BYTES);
        final FloatBuffer pixels = bytes.asFloatBuffer();
        for (int row = 0; row < items.size(); row++) {
            writePixels(decode(pngOf(items.get(row))), pixels, row * size);
        }
        return new NDList(manager.create(bytes, new Shape(items.size(), channels, height, width), DataType.FLOAT32));
    }

    private static byte[] pngOf(final CleanItem item) {
        if (item.imagePng() == null || item.imagePng().isEmpty()) {
            throw new IllegalArgumentException("image item " + item.itemId() + " has no imagePng");
        }
        try {
            return Base64.getDecoder().decode(item.imagePng());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("image item " + item.itemId() + " has invalid base64 in imagePng", e);
        }
    }

    private ImageFeatures fromPng(final byte[] png) {
        return fromImage(decode(png));
    }

    private static BufferedImage decode(final byte[] png) {
        final BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        if (image == null) {
            throw new IllegalArgumentException("imagePng is not a readable PNG");
        }
        return image;
    }

    public ImageFeatures fromImage(final BufferedImage source) {
        final float[] pixels = new float[channels * height * width];
        writePixels(source, FloatBuffer.wrap(pixels), 0);
        return new ImageFeatures(pixels, channels, height, width);
    }

    /** The image's pixels in channel-height-width order into {@code target} from {@code offset}. */
    private void writePixels(final BufferedImage source, final FloatBuffer target, final int offset) {
        final BufferedImage image = source.getWidth() == width && source.getHeight() == height
                ? source : resized(source);
        final int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                final int rgb = image.getRGB(x, y);
                final int r = (rgb >> 16) & 0xff;
                final int g = (rgb >> 8) & 0xff;
                final int b = rgb & 0xff;
                final int pixel = offset + y * width + x;
                if (channels == 1) {
                    target.put(pixel, scale(Math.round(0.299f * r + 0.587f * g + 0.114f * b)));
                } else {
                    target.put(pixel, scale(r));
                    target.put(plane + pixel, scale(g));
                    target.put(2 * plane + pixel, scale(b));
                }
            }
        }
    }

    /** For gray images that arrive as raw bytes (IDX files), row by row. */
    public ImageFeatures fromGrayBytes(final byte[] gray) {
        if (channels != 1 || gray.length != height * width) {
            throw new IllegalArgumentException("expected " + height + "x" + width + " gray pixels, got " + gray.length);
        }
        final float[] pixels = new float[gray.length];
        for (int i = 0; i < gray.length; i++) {
            pixels[i] = scale(gray[i] & 0xff);
        }
        return new ImageFeatures(pixels, 1, height, width);
    }

    private static float scale(final int value) {
        return value / 127.5f - 1f;
    }

    private BufferedImage resized(final BufferedImage source) {
        final BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D graphics = target.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(source, 0, 0, width, height, null);
        graphics.dispose();
        return target;
    }
}
