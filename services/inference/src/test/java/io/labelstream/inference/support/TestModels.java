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

    public static final List<String> IMAGE_LABELS = List.of("top", "trouser", "shoe");
    public static final InputSpec IMAGE_INPUT = InputSpec.image(28, 28, 1);

    /** Stores a small fastText-style model and returns the {@code promoted} event naming it. */
    public static ModelEvent promotedTextModel(final Path storeRoot, final String project, final String version,
            final long seed, final double testAccuracy) {
        return promoted(storeRoot, project, version, seed, testAccuracy, Architecture.FASTTEXT, TEXT_LABELS,
                TEXT_INPUT, Hyperparameters.defaults(Architecture.FASTTEXT).withEmbeddingDim(8).withHiddenUnits(8));
    }

    /** Stores a narrow convolutional model of 28x28 grey images and returns the {@code promoted} event naming it. */
    public static ModelEvent promotedImageModel(final Path storeRoot, final String project, final String version,
            final long seed, final double testAccuracy) {
        return promoted(storeRoot, project, version, seed, testAccuracy, Architecture.ALEXNET_SMALL, IMAGE_LABELS,
                IMAGE_INPUT, Hyperparameters.defaults(Architecture.ALEXNET_SMALL).withWidth(16));
    }

    private static ModelEvent promoted(final Path storeRoot, final String project, final String version,
            final long seed, final double testAccuracy, final Architecture architecture, final List<String> labels,
            final InputSpec input, final Hyperparameters hyperparameters) {
        final ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, project, version,
                architecture, labels, input, hyperparameters.withSeed(seed), 1.0,
                Map.of("accuracy", testAccuracy), "ds-test", "test", Instant.now());
        final ArtifactStore.StoredArtifact stored = new DirectoryArtifactStore(storeRoot).put(artifact(manifest, seed));
        return new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.promoted, project, version, architecture.id(),
                labels, "ds-test", stored.uri(), stored.sha256(), 1.0, Map.of("accuracy", testAccuracy), "test",
                Instant.now());
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
