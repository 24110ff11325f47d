package io.labelstream.ml.artifact;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.translate.Translator;
import io.labelstream.ml.ModelManifest;
import io.labelstream.ml.translate.ImageItemTranslator;
import io.labelstream.ml.translate.TextItemTranslator;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;

/**
 * A model version ready to predict. Thread-safe to share; the predictors it hands out are not (use one per thread
 * and close it). Closing this closes the DJL model and its native memory.
 */
public final class LoadedModel implements AutoCloseable {

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

    @Override
    public void close() {
        model.close();
    }
}
