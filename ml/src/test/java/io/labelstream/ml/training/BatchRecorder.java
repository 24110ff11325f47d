package io.labelstream.ml.training;

import java.util.ArrayList;
import java.util.List;

/** Records every batch a run reports: its loss and how many batches its epoch has. */
final class BatchRecorder implements ProgressListener {

    private final List<Double> losses = new ArrayList<>();
    private final List<Integer> batchesPerEpoch = new ArrayList<>();

    @Override
    public void onBatch(final int epoch, final int epochs, final int batch, final int batches, final double loss) {
        losses.add(loss);
        batchesPerEpoch.add(batches);
    }

    List<Double> losses() {
        return List.copyOf(losses);
    }

    /** One entry per reported batch. */
    List<Integer> batchesPerEpoch() {
        return List.copyOf(batchesPerEpoch);
    }
}
