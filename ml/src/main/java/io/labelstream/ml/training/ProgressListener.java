package io.labelstream.ml.training;

/** Hears a run's progress; throwing from a callback aborts the run (that is how a run is cancelled). */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    default void onBatch(final int epoch, final int epochs, final int batch, final int batches, final double loss) {
    }

    default void onEpoch(final EpochResult result) {
    }

    /** @param epoch counted from 1 */
    record EpochResult(int epoch, int maxEpochs, double trainLoss, double validationLoss, double validationAccuracy,
            double seconds) {
    }
}
