package io.labelstream.ml.features;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** Hashed feature ids and their bag weights, padded to a fixed width with id 0 and weight 0. */
public record TextFeatures(long[] ids, float[] weights) implements Features {

    @Override
    public NDList toNDList(final NDManager manager) {
        return new NDList(manager.create(ids), manager.create(weights));
    }
}
