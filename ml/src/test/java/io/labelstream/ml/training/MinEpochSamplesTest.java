package io.labelstream.ml.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.SyntheticData;
import org.junit.jupiter.api.Test;

/** A set smaller than the minimum epoch size is repeated, so that an epoch still has that many draws. */
class MinEpochSamplesTest {

    @Test
    void shouldDrawAtLeastTheMinimumPerEpochFromASmallSet() {
        final BatchRecorder recorder = new BatchRecorder();
        final Hyperparameters hyperparameters = Hyperparameters.defaults(Architecture.FASTTEXT).withMaxEpochs(2)
                .withBatchSize(16).withMinEpochSamples(100);

        try (TrainedModel model = ModelTraining.train(new TrainingRequest(Architecture.FASTTEXT,
                SyntheticData.TEXT_INPUT, SyntheticData.TEXT_LABELS, hyperparameters, SyntheticData.texts(40, 1),
                SyntheticData.texts(20, 2), null, recorder))) {
            assertThat(recorder.batchesPerEpoch()).hasSize(2 * 7).containsOnly(7);
            assertThat(model.history()).hasSize(2);
        }
    }

    @Test
    void shouldPassOverALargerSetOnceAnEpoch() {
        final BatchRecorder recorder = new BatchRecorder();
        final Hyperparameters hyperparameters = Hyperparameters.defaults(Architecture.FASTTEXT).withMaxEpochs(1)
                .withBatchSize(16).withMinEpochSamples(10);

        try (TrainedModel model = ModelTraining.train(new TrainingRequest(Architecture.FASTTEXT,
                SyntheticData.TEXT_INPUT, SyntheticData.TEXT_LABELS, hyperparameters, SyntheticData.texts(40, 1),
                SyntheticData.texts(20, 2), null, recorder))) {
            assertThat(recorder.batchesPerEpoch()).hasSize(3).containsOnly(3);
        }
    }
}
