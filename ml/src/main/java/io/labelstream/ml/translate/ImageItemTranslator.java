package io.labelstream.ml.translate;

import io.labelstream.ml.InputSpec;
import io.labelstream.ml.features.ImageFeaturizer;
import io.labelstream.schemas.events.ItemKind;
import java.util.List;

/** Clean image item (base64 PNG) to calibrated {@code Classifications} at the model's input size. */
public final class ImageItemTranslator extends CalibratedTranslator {

    public ImageItemTranslator(final InputSpec input, final List<String> labels, final double temperature) {
        super(ItemKind.image, new ImageFeaturizer(input), labels, temperature);
    }
}
