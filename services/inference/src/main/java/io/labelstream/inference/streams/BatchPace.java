package io.labelstream.inference.streams;

import java.time.Duration;

/**
 * How many items one prediction loop predicts within a time budget, from the time its recent forward passes took
 * per item (not the wait for a predictor that another loop holds).
 * Under a burst, a batch of a slow model then stops growing at what the loop predicts in that time rather than at
 * {@code max-size}, so that an item does not wait for a few hundred forward passes of the items batched with it; a
 * fast model's batches still reach {@code max-size}, where a transaction's cost is spread furthest. Small batches
 * cost more per item than large ones, so the estimate errs low after a quiet spell and catches up within a few
 * batches of a burst.
 */
final class BatchPace {

    /** Weight of the newest batch in the moving average. */
    private static final double NEWEST = 0.5;

    private final int maxBatch;
    private final long budgetNanos;
    private double nanosPerItem;

    BatchPace(final int maxBatch, final Duration budget) {
        this.maxBatch = maxBatch;
        this.budgetNanos = budget.toNanos();
    }

    /** The largest batch the budget allows now: {@code max-size} until a batch has been timed, never less than one. */
    int limit() {
        if (nanosPerItem == 0) {
            return maxBatch;
        }
        return (int) Math.max(1, Math.min(maxBatch, budgetNanos / nanosPerItem));
    }

    void record(final int items, final long nanos) {
        if (items == 0) {
            return;
        }
        final double perItem = Math.max(1.0, (double) nanos / items);
        nanosPerItem = nanosPerItem == 0 ? perItem : NEWEST * perItem + (1 - NEWEST) * nanosPerItem;
    }
}
