package io.labelstream.ml.translate;

import io.labelstream.ml.InputSpec;
import io.labelstream.ml.features.TextFeaturizer;
import io.labelstream.schemas.events.ItemKind;
import java.util.List;

/** Clean text item to calibrated {@code Classifications}, featurized with the model's own hashing settings. */
public final class TextItemTranslator extends CalibratedTranslator {

    public TextItemTranslator(final InputSpec input, final List<String> labels, final double temperature) {
        super(ItemKind.text, new TextFeaturizer(input), labels, temperature);
    }
}
