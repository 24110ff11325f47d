package io.labelstream.cleaning;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * dHash: the image shrunk to 9x8 grey pixels, one bit per horizontally adjacent pair (is the left one brighter).
 * Resizing, re-encoding and small edits move few bits, so near-identical images lie within a small Hamming
 * distance.
 */
public final class DifferenceHash {

    private DifferenceHash() {
    }

    public static long of(final BufferedImage image) {
        final BufferedImage small = new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY);
        final Graphics2D graphics = small.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, 9, 8, null);
        } finally {
            graphics.dispose();
        }
        long hash = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                final int left = small.getRaster().getSample(x, y, 0);
                final int right = small.getRaster().getSample(x + 1, y, 0);
                hash = (hash << 1) | (left > right ? 1 : 0);
            }
        }
        return hash;
    }
}
