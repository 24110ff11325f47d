package io.labelstream.cleaning;

/** An image at its project's target size and channels: PNG bytes, the raw pixels and its difference hash. */
public record NormalizedImage(byte[] png, byte[] pixels, int width, int height, int channels, long differenceHash) {
}
