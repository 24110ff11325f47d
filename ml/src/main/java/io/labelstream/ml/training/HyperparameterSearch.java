package io.labelstream.ml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Random search on the validation split within a budget of trials and time. Trial 1 always runs the request's own
 * hyperparameters, so a budget of one trial is a plain training run; later trials sample around it. Every trial's
 * seed is recorded, so the winner can be reproduced on its own. A trial that diverges is recorded as failed and the
 * search goes on; when every trial diverged, the search throws the first trial's {@link TrainingDivergedException}.
 */
public final class HyperparameterSearch {

    private static final double[] DROPOUTS = {0.2, 0.3, 0.4, 0.5};
    private static final double[] WEIGHT_DECAYS = {0.0, 1e-5, 1e-4, 5e-4};
    private static final int[] CNN_WIDTHS = {16, 32, 48};
    private static final int[] CNN_BATCHES = {64, 128};
    private static final int[] EMBEDDING_DIMS = {16, 32, 64};
    private static final int[] HIDDEN_UNITS = {32, 64, 128};
    private static final int[] TEXT_BATCHES = {32, 64, 128};

    private HyperparameterSearch() {
    }

    /**
     * One trial: its validation figures when it trained, or why it failed ({@code failure}, e.g. {@code diverged},
     * with {@code failureDetail}), in which case it made no model and its figures are NaN.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Trial(int number, Hyperparameters hyperparameters, double validationAccuracy, double validationLoss,
            int epochs, double seconds, String failure, String failureDetail) {

        static Trial diverged(final int number, final Hyperparameters hyperparameters,
                final TrainingDivergedException divergence, final double seconds) {
            return new Trial(number, hyperparameters, Double.NaN, Double.NaN, divergence.epoch(), seconds,
                    TrainingDivergedException.REASON, divergence.getMessage());
        }

        public boolean failed() {
            return failure != null;
        }
    }

    /** The best model (the caller closes it) and every trial, best, beaten or failed. */
    public record Result(TrainedModel best, List<Trial> trials) {
    }

    public static Result run(final TrainingRequest request, final int maxTrials, final Duration budget) {
        final Random random = new Random(request.hyperparameters().seed());
        return run(request, number -> number == 1
                ? request.hyperparameters() : sample(request.architecture(), request.hyperparameters(), random)
                        .withSeed(request.hyperparameters().seed() + number - 1), maxTrials, budget);
    }

    /** The search with the hyperparameters of trial {@code n} (counted from 1) given by {@code plan}. */
    static Result run(final TrainingRequest request, final IntFunction<Hyperparameters> plan, final int maxTrials,
            final Duration budget) {
        final long deadline = System.nanoTime() + budget.toNanos();
        final List<Trial> trials = new ArrayList<>();
        TrainedModel best = null;
        TrainingDivergedException firstDivergence = null;
        for (int number = 1; number <= Math.max(1, maxTrials); number++) {
            final long remaining = deadline - System.nanoTime();
            if (number > 1 && remaining <= 0) {
                break;
            }
            final Hyperparameters hyperparameters = plan.apply(number);
            final long trialStarted = System.nanoTime();
            final TrainedModel candidate;
            try {
                candidate = ModelTraining.train(request.withHyperparameters(hyperparameters)
                        .withTimeLimit(Duration.ofNanos(Math.max(remaining, 1))));
            } catch (final TrainingDivergedException e) {
                trials.add(Trial.diverged(number, hyperparameters, e, (System.nanoTime() - trialStarted) / 1e9));
                firstDivergence = firstDivergence == null ? e : firstDivergence;
                continue;
            } catch (final RuntimeException e) {
                if (best != null) {
                    best.close();
                }
                throw e;
            }
            trials.add(new Trial(number, hyperparameters, candidate.validation().accuracy(),
                    candidate.validation().negativeLogLikelihood(), candidate.history().size(),
                    candidate.trainingSeconds(), null, null));
            if (best == null || candidate.validation().accuracy() > best.validation().accuracy()) {
                if (best != null) {
                    best.close();
                }
                best = candidate;
            } else {
                candidate.close();
            }
        }
        if (best == null) {
            throw firstDivergence;
        }
        return new Result(best, trials);
    }

    static Hyperparameters sample(final Architecture architecture, final Hyperparameters base, final Random random) {
        final double learningRate = base.learningRate() * Math.exp((random.nextDouble() * 2 - 1) * Math.log(3));
        Hyperparameters sampled = base.withLearningRate(learningRate)
                .withDropout(pick(DROPOUTS, random))
                .withWeightDecay(pick(WEIGHT_DECAYS, random));
        if (architecture == Architecture.ALEXNET_SMALL) {
            sampled = sampled.withWidth(pick(CNN_WIDTHS, random)).withBatchSize(pick(CNN_BATCHES, random));
        } else {
            sampled = sampled.withEmbeddingDim(pick(EMBEDDING_DIMS, random))
                    .withHiddenUnits(pick(HIDDEN_UNITS, random))
                    .withBatchSize(pick(TEXT_BATCHES, random));
        }
        return sampled;
    }

    private static double pick(final double[] values, final Random random) {
        return values[random.nextInt(values.length)];
    }

    private static int pick(final int[] values, final Random random) {
        return values[random.nextInt(values.length)];
    }
}
