package io.labelstream.inference.support;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.InputSpec;
import io.labelstream.ml.ModelManifest;
import io.labelstream.ml.OfflineEngine;
import io.labelstream.ml.artifact.ArtifactStore;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.ml.artifact.ModelArtifacts;
import io.labelstream.schemas.events.ModelEvent;

/** Tiny models with random weights, written to a store as the trainer would, and the events that promote them. */
public final class TestModels {

    public static final List<String> TEXT_LABELS = List.of("ham", "spam");
    public static final InputSpec TEXT_INPUT = InputSpec.text(1 << 10, 64);

    private TestModels() {
    }

    /** Stores a small fastText-style model and returns the {@code promoted} event naming it. */
    public static ModelEvent promotedTextModel(final Path storeRoot, final String project, final String version,
            final long seed, final double testAccuracy) {
        final Hyperparameters hyperparameters = Hyperparameters.defaults(Architecture.FASTTEXT)
                .withEmbeddingDim(8).withHiddenUnits(8).withSeed(seed);
        final ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, project, version,
                Architecture.FASTTEXT, TEXT_LABELS, TEXT_INPUT, hyperparameters, 1.0,
                Map.of("accuracy", testAccuracy), "ds-test", "test", Instant.now());
        final ArtifactStore.StoredArtifact stored = new DirectoryArtifactStore(storeRoot).put(artifact(manifest, seed));
        return new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.promoted, project, version,
                Architecture.FASTTEXT.id(), TEXT_LABELS, "ds-test", stored.uri(), stored.sha256(), 1.0,
                Map.of("accuracy", testAccuracy), "test", Instant.now());
    }

    private static byte[] artifact(final ModelManifest manifest, final long seed) {
        final Engine engine = OfflineEngine.pytorch();
        engine.setRandomSeed((int) seed);
        final Block block = manifest.architecture()
                .newBlock(manifest.input(), manifest.labels().size(), manifest.hyperparameters());
        try (Model model = Model.newInstance("test", engine.defaultDevice(), OfflineEngine.ENGINE)) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32,
                    manifest.architecture().inputShapes(manifest.input()));
            return ModelArtifacts.write(block, manifest);
        }
    }
}
