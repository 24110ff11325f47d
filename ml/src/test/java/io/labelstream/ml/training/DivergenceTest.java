package io.labelstream.ml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A learning rate far too large must end a run as diverged at the batch where it happened, never as a model. */
class DivergenceTest {

    private static final double EXPLODING_LEARNING_RATE = 1e30;

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void shouldStopAtTheFirstNonFiniteBatchAndMakeNoModel(final Architecture architecture) {
        final BatchRecorder recorder = new BatchRecorder();
        final TrainingRequest request = TrainingFingerprint.request(architecture, recorder);

        assertThatThrownBy(() -> ModelTraining.train(request.withHyperparameters(
                request.hyperparameters().withLearningRate(EXPLODING_LEARNING_RATE))))
                .isInstanceOfSatisfying(TrainingDivergedException.class, diverged -> {
                    assertThat(diverged.epoch()).isEqualTo(1);
                    assertThat(diverged.batch()).isEqualTo(recorder.losses().size() + 1);
                    assertThat(diverged.getMessage()).startsWith("training diverged at epoch 1, batch "
                            + diverged.batch() + ": ");
                });
        assertThat(recorder.losses()).allMatch(Double::isFinite);
    }

    @Test
    void shouldRecordADivergedTrialAsFailedAndKeepSearching() {
        final TrainingRequest request = TrainingFingerprint.request(Architecture.FASTTEXT, ProgressListener.NONE);
        final Hyperparameters sound = request.hyperparameters();
        final Hyperparameters exploding = sound.withLearningRate(EXPLODING_LEARNING_RATE);

        final HyperparameterSearch.Result result = HyperparameterSearch.run(request,
                number -> number == 1 ? exploding : sound, 2, Duration.ofMinutes(5));

        try (TrainedModel best = result.best()) {
            assertThat(best.request().hyperparameters()).isEqualTo(sound);
            assertThat(result.trials()).hasSize(2);
            final HyperparameterSearch.Trial diverged = result.trials().get(0);
            assertThat(diverged.failed()).isTrue();
            assertThat(diverged.failure()).isEqualTo("diverged");
            assertThat(diverged.failureDetail()).startsWith("training diverged at epoch 1, batch ");
            assertThat(diverged.validationAccuracy()).isNaN();
            assertThat(result.trials().get(1).failed()).isFalse();
        }
    }

    @Test
    void shouldFailTheSearchAsDivergedWhenEveryTrialDiverged() {
        final TrainingRequest request = TrainingFingerprint.request(Architecture.FASTTEXT, ProgressListener.NONE);
        final TrainingRequest diverging = request.withHyperparameters(
                request.hyperparameters().withLearningRate(EXPLODING_LEARNING_RATE));

        assertThatThrownBy(() -> HyperparameterSearch.run(diverging, 2, Duration.ofMinutes(5)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("training diverged at epoch 1, batch ");
    }
}
