package io.labelstream.ml.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * fastText's bag of hashed features: looks up one vector per feature id and returns their weighted sum. Input is
 * {@code (ids [batch, n] int64, weights [batch, n] float32)}; padding positions carry weight 0 and so contribute
 * nothing, which lets every example have the same width without a separate mask.
 */
public final class HashedEmbeddingBag extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int buckets;
    private final int dimension;
    private final Parameter embedding;

    public HashedEmbeddingBag(final int buckets, final int dimension) {
        super(VERSION);
        this.buckets = buckets;
        this.dimension = dimension;
        this.embedding = addParameter(Parameter.builder()
                .setName("embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(buckets, dimension))
                .optInitializer(new NormalInitializer(0.1f))
                .build());
    }

    @Override
    protected NDList forwardInternal(final ParameterStore parameterStore, final NDList inputs, final boolean training,
            final PairList<String, Object> params) {
        final NDArray ids = inputs.get(0);
        final NDArray weights = inputs.get(1);
        final NDArray table = parameterStore.getValue(embedding, ids.getDevice(), training);
        final NDArray vectors = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
        // [batch, 1, n] x [batch, n, dimension]: the weighted sum as one batched product, without a weighted copy
        // of every looked-up vector
        return new NDList(weights.expandDims(1).matMul(vectors).squeeze(1));
    }

    @Override
    public Shape[] getOutputShapes(final Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dimension)};
    }

    @Override
    public String toString() {
        return "HashedEmbeddingBag(" + buckets + "x" + dimension + ")";
    }
}
