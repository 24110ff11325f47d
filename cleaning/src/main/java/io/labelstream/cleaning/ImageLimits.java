package io.labelstream.cleaning;

/**
 * What an image may cost before it is decoded: its encoded size and its declared dimensions. Both are checked
 * before any pixel is decoded, so a small file that declares a huge canvas (a decompression bomb) is refused
 * without allocating it.
 */
public record ImageLimits(int maxEncodedBytes, int maxSide, long maxPixels) {
}
