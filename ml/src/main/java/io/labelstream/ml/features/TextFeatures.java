package io.labelstream.ml.features;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.function.BiConsumer;

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
        return padded(manager, new Shape(width), (idRows, weightRows) -> {
            idRows.put(ids);
            weightRows.put(weights);
        });
    }

    /**
     * Ids and weights of {@code shape} in direct buffers handed to the engine as they are: {@code fill} writes the
     * features, and the zeros the buffers are allocated with are the padding.
     */
    static NDList padded(final NDManager manager, final Shape shape, final BiConsumer<LongBuffer, FloatBuffer> fill) {
        final int size = Math.toIntExact(shape.size());
        final ByteBuffer idBytes = manager.allocateDirect(size * Long.BYTES);
        final ByteBuffer weightBytes = manager.allocateDirect(size * Float.BYTES);
        fill.accept(idBytes.asLongBuffer(), weightBytes.asFloatBuffer());
        return new NDList(manager.create(idBytes, shape, DataType.INT64),
                manager.create(weightBytes, shape, DataType.FLOAT32));
    }
}
