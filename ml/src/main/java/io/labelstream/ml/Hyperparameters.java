package io.labelstream.ml;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything that shapes one training run. Fields that an architecture does not use stay null: {@code width} and
 * {@code augment} are for the CNN, {@code embeddingDim} and {@code hiddenUnits} for the text classifier.
 * {@code minEpochSamples}, when set, makes an epoch draw at least that many examples (a small set is passed over
 * several times per epoch), so that the schedule gives a few hundred labels as many optimizer steps as thousands.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hyperparameters(
        double learningRate,
        int batchSize,
        int maxEpochs,
        int patience,
        double weightDecay,
        double dropout,
        long seed,
        Integer width,
        Boolean augment,
        Integer embeddingDim,
        Integer hiddenUnits,
        Integer minEpochSamples) {

    public static Hyperparameters defaults(final Architecture architecture) {
        return switch (architecture) {
            case ALEXNET_SMALL -> new Hyperparameters(2e-3, 128, 20, 4, 1e-4, 0.4, 42L, 32, true, null, null, 10_000);
            case FASTTEXT -> new Hyperparameters(5e-3, 64, 12, 3, 0.0, 0.2, 42L, null, null, 32, 64, null);
        };
    }

    public Hyperparameters withLearningRate(final double value) {
        return new Hyperparameters(value, batchSize, maxEpochs, patience, weightDecay, dropout, seed, width, augment,
                embeddingDim, hiddenUnits, minEpochSamples);
    }

    public Hyperparameters withBatchSize(final int value) {
        return new Hyperparameters(learningRate, value, maxEpochs, patience, weightDecay, dropout, seed, width, augment,
                embeddingDim, hiddenUnits, minEpochSamples);
    }

    public Hyperparameters withMaxEpochs(final int value) {
        return new Hyperparameters(learningRate, batchSize, value, patience, weightDecay, dropout, seed, width, augment,
                embeddingDim, hiddenUnits, minEpochSamples);
    }

    public Hyperparameters withWeightDecay(final double value) {
        return new Hyperparameters(learningRate, batchSize, maxEpochs, patience, value, dropout, seed, width, augment,
                embeddingDim, hiddenUnits, minEpochSamples);
    }

    public Hyperparameters withDropout(final double value) {
        return new Hyperparameters(learningRate, batchSize, maxEpochs, patience, weightDecay, value, seed, width, augment,
                embeddingDim, hiddenUnits, minEpochSamples);
    }

    public Hyperparameters withSeed(final long value) {
        return new Hyperparameters(learningRate, batchSize, maxEpochs, patience, weightDecay, dropout, value, width,
                augment, embeddingDim, hiddenUnits, minEpochSamples);
    }

    public Hyperparameters withWidth(final Integer value) {
        return new Hyperparameters(learningRate, batchSize, maxEpochs, patience, weightDecay, dropout, seed, value,
                augment, embeddingDim, hiddenUnits, minEpochSamples);
    }

    public Hyperparameters withAugment(final Boolean value) {
        return new Hyperparameters(learningRate, batchSize, maxEpochs, patience, weightDecay, dropout, seed, width, value,
                embeddingDim, hiddenUnits, minEpochSamples);
    }

    public Hyperparameters withEmbeddingDim(final Integer value) {
        return new Hyperparameters(learningRate, batchSize, maxEpochs, patience, weightDecay, dropout, seed, width,
                augment, value, hiddenUnits, minEpochSamples);
    }

    public Hyperparameters withMinEpochSamples(final Integer value) {
        return new Hyperparameters(learningRate, batchSize, maxEpochs, patience, weightDecay, dropout, seed, width,
                augment, embeddingDim, hiddenUnits, value);
    }

    public Hyperparameters withHiddenUnits(final Integer value) {
        return new Hyperparameters(learningRate, batchSize, maxEpochs, patience, weightDecay, dropout, seed, width,
                augment, embeddingDim, value, minEpochSamples);
    }
}
