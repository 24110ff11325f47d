package io.labelstream.ml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Stops a run at the first batch whose loss or gradients are not finite, before the optimizer step: one such step
 * turns every parameter it touches into NaN, and the run would go on "training" a model that predicts one class.
 */
final class DivergenceCheck {

    private DivergenceCheck() {
    }

    static void afterBackward(final Block block, final int epoch, final int batch, final double loss) {
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(epoch, batch, "the loss is " + loss);
        }
        for (final Pair<String, Parameter> parameter : block.getParameters()) {
            final NDArray value = parameter.getValue().getArray();
            if (!value.hasGradient()) {
                continue;
            }
            // One sum per parameter: NaN or infinity anywhere in the gradient makes it non-finite.
            final float sum;
            try (NDArray gradient = value.getGradient(); NDArray total = gradient.sum()) {
                sum = total.getFloat();
            }
            if (!Float.isFinite(sum)) {
                throw new TrainingDivergedException(epoch, batch,
                        "the gradient of " + parameter.getKey() + " is not finite");
            }
        }
    }
}
