package io.labelstream.ml.features;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.labelstream.ml.InputSpec;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import java.util.List;

/** Turns a clean item into model input; the same code runs in training and in inference. */
public interface Featurizer {

    /** @throws IllegalArgumentException when the item lacks the content this featurizer reads */
    Features featurize(CleanItem item);

    /**
     * The items' features as one batch, what stacking each item's {@link #featurize} input would give, written
     * straight into the direct buffers handed to the engine: one input array per forward pass, not one per item.
     *
     * @throws IllegalArgumentException when an item lacks the content this featurizer reads
     */
    NDList featurizeBatch(List<CleanItem> items, NDManager manager);

    static Featurizer forInput(final InputSpec input) {
        return input.kind() == ItemKind.image ? new ImageFeaturizer(input) : new TextFeaturizer(input);
    }
}
