package io.labelstream.ml.training;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.translate.Batchifier;
import io.labelstream.ml.features.Features;
import java.util.List;

/** Raw logits of a model in inference mode (no dropout, batch-norm running statistics), batch by batch. */
public final class Logits {

    private Logits() {
    }

    public static float[][] of(final Model model, final List<Features> features, final int batchSize) {
        final float[][] logits = new float[features.size()][];
        for (int start = 0; start < features.size(); start += batchSize) {
            final int end = Math.min(features.size(), start + batchSize);
            try (NDManager manager = model.getNDManager().newSubManager()) {
                final NDList[] inputs = new NDList[end - start];
                for (int i = start; i < end; i++) {
                    inputs[i - start] = features.get(i).toNDList(manager);
                }
                final NDList batch = Batchifier.STACK.batchify(inputs);
                final NDList output = model.getBlock().forward(new ParameterStore(manager, false), batch, false);
                final float[] flat = output.singletonOrThrow().toFloatArray();
                final int classes = flat.length / (end - start);
                for (int i = start; i < end; i++) {
                    logits[i] = new float[classes];
                    System.arraycopy(flat, (i - start) * classes, logits[i], 0, classes);
                }
            }
        }
        return logits;
    }
}
