package io.labelstream.ml.training;

/**
 * Temperature scaling (Guo et al., 2017): one scalar {@code T} that divides the logits, fitted on the validation
 * split by minimizing negative log-likelihood. It changes confidence, never the predicted class.
 */
public final class Calibration {

    private static final double MIN_LOG_T = Math.log(0.05);
    private static final double MAX_LOG_T = Math.log(20.0);
    private static final int ITERATIONS = 60;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private Calibration() {
    }

    /** Golden-section search on log T; NLL is unimodal in T for fixed logits. Returns 1 when there is nothing to fit. */
    public static double fitTemperature(final float[][] logits, final int[] truth) {
        if (logits.length == 0) {
            return 1.0;
        }
        double low = MIN_LOG_T;
        double high = MAX_LOG_T;
        double a = high - GOLDEN * (high - low);
        double b = low + GOLDEN * (high - low);
        double fa = negativeLogLikelihood(logits, truth, Math.exp(a));
        double fb = negativeLogLikelihood(logits, truth, Math.exp(b));
        for (int i = 0; i < ITERATIONS; i++) {
            if (fa < fb) {
                high = b;
                b = a;
                fb = fa;
                a = high - GOLDEN * (high - low);
                fa = negativeLogLikelihood(logits, truth, Math.exp(a));
            } else {
                low = a;
                a = b;
                fa = fb;
                b = low + GOLDEN * (high - low);
                fb = negativeLogLikelihood(logits, truth, Math.exp(b));
            }
        }
        return Math.exp((low + high) / 2);
    }

    public static double negativeLogLikelihood(final float[][] logits, final int[] truth, final double temperature) {
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            total -= Math.log(Math.max(softmax(logits[i], temperature)[truth[i]], 1e-12));
        }
        return total / Math.max(1, logits.length);
    }

    public static double[] softmax(final float[] logits, final double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (final float logit : logits) {
            max = Math.max(max, logit / temperature);
        }
        final double[] probabilities = new double[logits.length];
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            probabilities[k] = Math.exp(logits[k] / temperature - max);
            sum += probabilities[k];
        }
        for (int k = 0; k < logits.length; k++) {
            probabilities[k] /= sum;
        }
        return probabilities;
    }
}
