package io.labelstream.ml.translate;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.labelstream.ml.features.Featurizer;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import java.util.List;

/**
 * Clean item in, calibrated probabilities for every label out: {@code softmax(logits / temperature)}. Batching
 * stacks the featurized inputs, so {@code Predictor.batchPredict} runs one forward pass per batch.
 */
abstract class CalibratedTranslator implements Translator<CleanItem, Classifications> {

    private final ItemKind kind;
    private final Featurizer featurizer;
    private final List<String> labels;
    private final double temperature;

    CalibratedTranslator(final ItemKind kind, final Featurizer featurizer, final List<String> labels,
            final double temperature) {
        if (temperature <= 0) {
            throw new IllegalArgumentException("temperature must be positive, was " + temperature);
        }
        this.kind = kind;
        this.featurizer = featurizer;
        this.labels = List.copyOf(labels);
        this.temperature = temperature;
    }

    @Override
    public NDList processInput(final TranslatorContext context, final CleanItem item) {
        if (item.kind() != null && item.kind() != kind) {
            throw new IllegalArgumentException(
                    "item " + item.itemId() + " is " + item.kind() + " but the model reads " + kind);
        }
        return featurizer.featurize(item).toNDList(context.getNDManager());
    }

    @Override
    public Classifications processOutput(final TranslatorContext context, final NDList output) {
        final NDArray logits = output.singletonOrThrow();
        final Classifications classifications =
                new Classifications(labels, logits.div(temperature).softmax(-1));
        classifications.setTopK(labels.size());
        return classifications;
    }
}
