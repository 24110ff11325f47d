package io.labelstream.ml.translate;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.labelstream.ml.features.Featurizer;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Clean item in, calibrated probabilities for every label out: {@code softmax(logits / temperature)}. A batch is
 * featurized into one input array and its probabilities come back from the engine in one copy, so
 * {@code Predictor.batchPredict} costs a handful of engine calls per batch rather than several per item.
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
        checkKind(item);
        return featurizer.featurize(item).toNDList(context.getNDManager());
    }

    @Override
    public NDList batchProcessInput(final TranslatorContext context, final List<CleanItem> items) {
        items.forEach(this::checkKind);
        return featurizer.featurizeBatch(items, context.getNDManager());
    }

    private void checkKind(final CleanItem item) {
        if (item.kind() != null && item.kind() != kind) {
            throw new IllegalArgumentException(
                    "item " + item.itemId() + " is " + item.kind() + " but the model reads " + kind);
        }
    }

    @Override
    public Classifications processOutput(final TranslatorContext context, final NDList output) {
        return classifications(probabilities(output), 0);
    }

    @Override
    public List<Classifications> batchProcessOutput(final TranslatorContext context, final NDList output) {
        final float[] probabilities = probabilities(output);
        final int rows = probabilities.length / labels.size();
        final List<Classifications> results = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            results.add(classifications(probabilities, row));
        }
        return results;
    }

    private float[] probabilities(final NDList output) {
        final NDArray logits = output.singletonOrThrow();
        return logits.div(temperature).softmax(-1).toFloatArray();
    }

    private Classifications classifications(final float[] probabilities, final int row) {
        final List<Double> scores = new ArrayList<>(labels.size());
        for (int label = 0; label < labels.size(); label++) {
            scores.add((double) probabilities[row * labels.size() + label]);
        }
        final Classifications classifications = new Classifications(labels, scores);
        classifications.setTopK(labels.size());
        return classifications;
    }
}
