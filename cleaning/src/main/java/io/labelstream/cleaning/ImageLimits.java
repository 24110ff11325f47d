package io.labelstream.cleaning;

/**
 * What an image may cost before it is decoded: its encoded size, its declared dimensions and, for a PNG, the bytes
 * its rows inflate to. All are checked before any pixel is decoded, so a small file that declares a huge canvas (a
 * decompression bomb) is refused without allocating it, and no legal image holds a stream thread for long.
 */
public record ImageLimits(int maxEncodedBytes, int maxSide, long maxPixels, long maxDecodedBytes) {
}
