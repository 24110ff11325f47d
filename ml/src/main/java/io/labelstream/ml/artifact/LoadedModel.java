package io.labelstream.ml.artifact;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.translate.Translator;
import io.labelstream.ml.ModelManifest;
import io.labelstream.ml.training.EvaluationReport;
import io.labelstream.ml.training.LabeledExample;
import io.labelstream.ml.training.Logits;
import io.labelstream.ml.translate.ImageItemTranslator;
import io.labelstream.ml.translate.TextItemTranslator;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import java.util.List;

/**
 * A model version ready to predict. Thread-safe to share; the predictors it hands out are not (use one per thread
 * and close it). Closing this closes the DJL model and its native memory.
 */
public final class LoadedModel implements AutoCloseable {

    private static final int EVALUATION_BATCH = 256;

    private final Model model;
    private final ModelManifest manifest;

    LoadedModel(final Model model, final ModelManifest manifest) {
        this.model = model;
        this.manifest = manifest;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Model model() {
        return model;
    }

    /** The translator matching the model's input kind, with its labels and fitted temperature. */
    public Translator<CleanItem, Classifications> translator() {
        return manifest.input().kind() == ItemKind.image
                ? new ImageItemTranslator(manifest.input(), manifest.labels(), manifest.temperature())
                : new TextItemTranslator(manifest.input(), manifest.labels(), manifest.temperature());
    }

    public Predictor<CleanItem, Classifications> newPredictor() {
        return model.newPredictor(translator());
    }

    /**
     * Metrics of this model on labeled examples featurized with this model's {@code manifest().input()}, at its
     * temperature: how the trainer compares a champion with a challenger on the same test split.
     */
    public EvaluationReport evaluate(final List<LabeledExample> examples) {
        final float[][] logits = Logits.of(model, examples.stream().map(LabeledExample::features).toList(),
                EVALUATION_BATCH);
        return EvaluationReport.of(manifest.labels(), logits,
                examples.stream().mapToInt(LabeledExample::label).toArray(), manifest.temperature());
    }

    @Override
    public void close() {
        model.close();
    }
}
