package io.labelstream.ml.training;

/**
 * A run whose loss or gradients turned non-finite. It stopped before the optimizer applied that batch, and it
 * produced no model: nothing it learned is usable.
 */
public final class TrainingDivergedException extends RuntimeException {

    /** The failure reason that run records and progress events carry. */
    public static final String REASON = "diverged";

    private final int epoch;
    private final int batch;

    public TrainingDivergedException(final int epoch, final int batch, final String what) {
        super(String.format("training diverged at epoch %d, batch %d: %s", epoch, batch, what));
        this.epoch = epoch;
        this.batch = batch;
    }

    /** Counted from 1. */
    public int epoch() {
        return epoch;
    }

    /** Counted from 1 within its epoch. */
    public int batch() {
        return batch;
    }
}
