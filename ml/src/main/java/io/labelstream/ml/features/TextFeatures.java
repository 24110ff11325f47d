package io.labelstream.ml.features;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Hashed feature ids and their bag weights in order of first appearance, at most {@code width} of them. The model
 * reads them padded to {@code width} with id 0 and weight 0; the padding is added only in native memory, so that a
 * text costs the heap what it has, not the model's width.
 */
public record TextFeatures(long[] ids, float[] weights, int width) implements Features {

    public TextFeatures {
        if (ids.length != weights.length || ids.length > width) {
            throw new IllegalArgumentException(
                    ids.length + " ids and " + weights.length + " weights for a width of " + width);
        }
    }

    @Override
    public NDList toNDList(final NDManager manager) {
        // direct buffers are zeroed when allocated, which is the padding, and are handed to the engine as they are
        final ByteBuffer idBytes = manager.allocateDirect(width * Long.BYTES);
        idBytes.asLongBuffer().put(ids);
        final ByteBuffer weightBytes = manager.allocateDirect(width * Float.BYTES);
        weightBytes.asFloatBuffer().put(weights);
        final Shape shape = new Shape(width);
        return new NDList(manager.create(idBytes, shape, DataType.INT64),
                manager.create(weightBytes, shape, DataType.FLOAT32));
    }
}
