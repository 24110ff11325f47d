package io.labelstream.ml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.InputSpec;
import io.labelstream.ml.SyntheticData;
import io.labelstream.ml.training.LabeledExample;
import io.labelstream.ml.training.ModelTraining;
import io.labelstream.ml.training.ProgressListener;
import io.labelstream.ml.training.TrainedModel;
import io.labelstream.ml.training.TrainingRequest;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactRoundTripTest {

    @TempDir
    Path storeRoot;

    @Test
    void shouldPredictIdenticallyAfterSavingAndReloadingATextModel() throws Exception {
        final Hyperparameters hyperparameters = Hyperparameters.defaults(Architecture.FASTTEXT)
                .withMaxEpochs(3).withEmbeddingDim(8).withHiddenUnits(8);
        final List<CleanItem> items = new ArrayList<>();
        final Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            items.add(textItem("q" + i, SyntheticData.text(i % 2, random)));
        }
        assertRoundTrip(Architecture.FASTTEXT, SyntheticData.TEXT_INPUT, SyntheticData.TEXT_LABELS, hyperparameters,
                SyntheticData.texts(60, 1), SyntheticData.texts(20, 2), items);
    }

    @Test
    void shouldPredictIdenticallyAfterSavingAndReloadingAnImageModel() throws Exception {
        final Hyperparameters hyperparameters = Hyperparameters.defaults(Architecture.ALEXNET_SMALL)
                .withMaxEpochs(1).withWidth(16).withBatchSize(16).withMinEpochSamples(null);
        final List<CleanItem> items = new ArrayList<>();
        final Random random = new Random(7);
        for (int i = 0; i < 8; i++) {
            items.add(imageItem("p" + i, SyntheticData.image(i % 2, random)));
        }
        assertRoundTrip(Architecture.ALEXNET_SMALL, SyntheticData.IMAGE_INPUT, SyntheticData.IMAGE_LABELS,
                hyperparameters, SyntheticData.images(32, 1), SyntheticData.images(16, 2), items);
    }

    @Test
    void shouldRefuseAnArtifactWhoseBytesNoLongerMatchItsAddress() throws IOException {
        final DirectoryArtifactStore store = new DirectoryArtifactStore(storeRoot);
        final ArtifactStore.StoredArtifact stored = store.put(new byte[] {1, 2, 3});
        Files.write(store.path(stored.sha256()), new byte[] {4, 5, 6});

        assertThatThrownBy(() -> store.get(stored.sha256())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt");
        assertThatThrownBy(() -> store.get("0".repeat(64))).isInstanceOf(ArtifactNotFoundException.class);
    }

    private void assertRoundTrip(final Architecture architecture, final InputSpec input, final List<String> labels,
            final Hyperparameters hyperparameters, final List<LabeledExample> train,
            final List<LabeledExample> validation, final List<CleanItem> items) throws Exception {
        final DirectoryArtifactStore store = new DirectoryArtifactStore(storeRoot);
        final ArtifactStore.StoredArtifact stored;
        final double[][] before;
        try (TrainedModel trained = ModelTraining.train(new TrainingRequest(architecture, input, labels,
                hyperparameters, train, validation, null, ProgressListener.NONE))) {
            before = trained.probabilities(items.stream()
                    .map(item -> io.labelstream.ml.features.Featurizer.forInput(input).featurize(item))
                    .toList());
            stored = store.put(trained.toArtifact("demo", "v1", Map.of("accuracy", 0.5), "ds-1", "test"));
        }
        assertThat(store.path(stored.sha256())).exists();

        try (LoadedModel first = store.load(stored.sha256());
                LoadedModel second = store.load(stored.sha256());
                Predictor<CleanItem, Classifications> firstPredictor = first.newPredictor();
                Predictor<CleanItem, Classifications> secondPredictor = second.newPredictor()) {
            assertThat(first.manifest().architecture()).isEqualTo(architecture);
            assertThat(first.manifest().labels()).isEqualTo(labels);
            final CleanItem wrongKind = new CleanItem(1, "x", "demo",
                    architecture.kind() == ItemKind.text ? ItemKind.image : ItemKind.text,
                    null, null, null, null, null, null, null, null, null, null);
            assertThatThrownBy(() -> firstPredictor.predict(wrongKind))
                    .isInstanceOf(ai.djl.translate.TranslateException.class)
                    .hasRootCauseInstanceOf(IllegalArgumentException.class);
            final List<Classifications> batch = firstPredictor.batchPredict(items);
            for (int i = 0; i < items.size(); i++) {
                final Classifications single = secondPredictor.predict(items.get(i));
                for (int k = 0; k < labels.size(); k++) {
                    final double probability = batch.get(i).get(labels.get(k)).getProbability();
                    assertThat(probability).isCloseTo(before[i][k], within(1e-5));
                    // oneDNN picks its float32 kernels by batch size, so sums run in another order: a few ulps
                    assertThat(single.get(labels.get(k)).getProbability()).isCloseTo(probability, within(1e-5));
                }
            }
        }
    }

    private static CleanItem textItem(final String id, final String text) {
        return new CleanItem(1, id, "demo", ItemKind.text, text, null, null, null, null, "en", null, null, null, null);
    }

    private static CleanItem imageItem(final String id, final java.awt.image.BufferedImage image) throws IOException {
        final ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return new CleanItem(1, id, "demo", ItemKind.image, null, Base64.getEncoder().encodeToString(png.toByteArray()),
                28, 28, 1, null, null, null, null, null);
    }
}
