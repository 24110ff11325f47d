package io.labelstream.ml.features;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Normalized pixels in channel-height-width order, values in [-1, 1]. */
public record ImageFeatures(float[] pixels, int channels, int height, int width) implements Features {

    @Override
    public NDList toNDList(final NDManager manager) {
        return new NDList(manager.create(pixels, new Shape(channels, height, width)));
    }
}
