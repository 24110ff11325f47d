package io.labelstream.ml.training;

import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.InputSpec;
import java.time.Duration;
import java.util.List;

/**
 * One training run: what to build, with which settings, on which examples.
 *
 * @param timeLimit no new epoch starts once this much time has passed; the best epoch so far is kept
 */
public record TrainingRequest(
        Architecture architecture,
        InputSpec input,
        List<String> labels,
        Hyperparameters hyperparameters,
        List<LabeledExample> train,
        List<LabeledExample> validation,
        Duration timeLimit,
        ProgressListener listener) {

    public TrainingRequest withHyperparameters(final Hyperparameters value) {
        return new TrainingRequest(architecture, input, labels, value, train, validation, timeLimit, listener);
    }

    public TrainingRequest withTimeLimit(final Duration value) {
        return new TrainingRequest(architecture, input, labels, hyperparameters, train, validation, value, listener);
    }
}
