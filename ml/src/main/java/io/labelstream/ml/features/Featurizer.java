package io.labelstream.ml.features;

import io.labelstream.ml.InputSpec;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;

/** Turns a clean item into model input; the same code runs in training and in inference. */
public interface Featurizer {

    /** @throws IllegalArgumentException when the item lacks the content this featurizer reads */
    Features featurize(CleanItem item);

    static Featurizer forInput(final InputSpec input) {
        return input.kind() == ItemKind.image ? new ImageFeaturizer(input) : new TextFeaturizer(input);
    }
}
