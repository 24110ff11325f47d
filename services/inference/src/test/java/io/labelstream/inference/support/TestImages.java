package io.labelstream.inference.support;

import java.awt.image.BufferedImage;
import java.util.Base64;

import io.labelstream.testing.ImageBytes;

/** Images for predict requests, base64-encoded in the formats the raw-item contract allows. */
public final class TestImages {

    private TestImages() {
    }

    /** A 28x28 grey image with a diagonal gradient, so that a model sees more than one value. */
    public static BufferedImage grey28() {
        final BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, (x * 9 + y * 5) % 256);
            }
        }
        return image;
    }

    public static String base64(final BufferedImage image, final String format) {
        return Base64.getEncoder().encodeToString(ImageBytes.encode(image, format));
    }

    /** See {@link ImageBytes#pngDeclaring}. */
    public static String pngDeclaring(final int width, final int height) {
        return Base64.getEncoder().encodeToString(ImageBytes.pngDeclaring(width, height));
    }
}
