package io.labelstream.ml.arch;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.InputSpec;

/**
 * A fastText-style text classifier: hashed word n-grams and character n-grams averaged in an embedding bag, then a
 * small MLP (one hidden ReLU layer with dropout) to logits. Cheap to train on CPU and strong on e-mail-like text.
 */
public final class FastTextClassifier {

    private FastTextClassifier() {
    }

    public static Block build(final InputSpec input, final int classes, final Hyperparameters hyperparameters) {
        return new SequentialBlock()
                .add(new HashedEmbeddingBag(input.buckets(), hyperparameters.embeddingDim()))
                .add(Linear.builder().setUnits(hyperparameters.hiddenUnits()).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate((float) hyperparameters.dropout()).build())
                .add(Linear.builder().setUnits(classes).build());
    }
}
