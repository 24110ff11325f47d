package io.labelstream.cleaning;

/** An image at its project's target size and channels: PNG bytes, the raw pixels and its perceptual hash. */
public record NormalizedImage(byte[] png, byte[] pixels, int width, int height, int channels,
        SimilarityHash perceptualHash) {
}
