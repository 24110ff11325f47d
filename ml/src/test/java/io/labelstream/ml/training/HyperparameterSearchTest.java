package io.labelstream.ml.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.SyntheticData;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HyperparameterSearchTest {

    @Test
    void shouldRunTheDefaultsFirstThenSampledTrialsAndKeepTheBestOnValidation() {
        final Hyperparameters defaults = Hyperparameters.defaults(Architecture.FASTTEXT)
                .withMaxEpochs(2).withEmbeddingDim(8).withHiddenUnits(8);
        final TrainingRequest request = new TrainingRequest(Architecture.FASTTEXT, SyntheticData.TEXT_INPUT,
                SyntheticData.TEXT_LABELS, defaults, SyntheticData.texts(80, 1), SyntheticData.texts(20, 2), null,
                ProgressListener.NONE);

        final HyperparameterSearch.Result result = HyperparameterSearch.run(request, 3, Duration.ofMinutes(5));

        try (TrainedModel best = result.best()) {
            assertThat(result.trials()).hasSize(3);
            assertThat(result.trials().get(0).hyperparameters()).isEqualTo(defaults);
            assertThat(result.trials().get(1).hyperparameters().seed()).isEqualTo(defaults.seed() + 1);
            assertThat(result.trials().get(1).hyperparameters().maxEpochs()).isEqualTo(2);
            final double bestAccuracy = result.trials().stream()
                    .mapToDouble(HyperparameterSearch.Trial::validationAccuracy).max().orElseThrow();
            assertThat(best.validation().accuracy()).isEqualTo(bestAccuracy);
        }
    }

    @Test
    void shouldStopAfterTheFirstTrialWhenTheBudgetIsSpent() {
        final TrainingRequest request = new TrainingRequest(Architecture.FASTTEXT, SyntheticData.TEXT_INPUT,
                SyntheticData.TEXT_LABELS, Hyperparameters.defaults(Architecture.FASTTEXT).withMaxEpochs(1)
                        .withEmbeddingDim(8).withHiddenUnits(8),
                SyntheticData.texts(40, 1), SyntheticData.texts(10, 2), null, ProgressListener.NONE);

        final HyperparameterSearch.Result result = HyperparameterSearch.run(request, 5, Duration.ZERO);

        try (TrainedModel best = result.best()) {
            assertThat(result.trials()).hasSize(1);
        }
    }
}
