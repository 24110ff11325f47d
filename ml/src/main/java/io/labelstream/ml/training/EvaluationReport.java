package io.labelstream.ml.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model does on one split, with probabilities at a given temperature.
 *
 * @param confusion rows are true labels, columns predicted labels, in label order
 * @param ece expected calibration error over 15 equal-width confidence bins
 */
public record EvaluationReport(
        int examples,
        double accuracy,
        int topK,
        double topKAccuracy,
        double macroF1,
        double ece,
        double negativeLogLikelihood,
        double temperature,
        List<ClassMetrics> perClass,
        int[][] confusion) {

    private static final int ECE_BINS = 15;

    public record ClassMetrics(String label, double precision, double recall, double f1, int support) {
    }

    public static EvaluationReport of(final List<String> labels, final float[][] logits, final int[] truth,
            final double temperature) {
        final int classes = labels.size();
        final int k = Math.min(3, classes);
        final int[][] confusion = new int[classes][classes];
        final double[] binConfidence = new double[ECE_BINS];
        final double[] binCorrect = new double[ECE_BINS];
        final int[] binCount = new int[ECE_BINS];
        int correct = 0;
        int topKCorrect = 0;
        for (int i = 0; i < logits.length; i++) {
            final double[] probabilities = Calibration.softmax(logits[i], temperature);
            int predicted = 0;
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                if (probabilities[c] > probabilities[predicted]) {
                    predicted = c;
                }
                if (probabilities[c] > probabilities[truth[i]]) {
                    higher++;
                }
            }
            confusion[truth[i]][predicted]++;
            final boolean hit = predicted == truth[i];
            correct += hit ? 1 : 0;
            topKCorrect += higher < k ? 1 : 0;
            final double confidence = probabilities[predicted];
            final int bin = Math.min(ECE_BINS - 1, (int) (confidence * ECE_BINS));
            binConfidence[bin] += confidence;
            binCorrect[bin] += hit ? 1 : 0;
            binCount[bin]++;
        }
        final int n = logits.length;
        double ece = 0;
        for (int bin = 0; bin < ECE_BINS; bin++) {
            if (binCount[bin] > 0) {
                ece += Math.abs(binCorrect[bin] - binConfidence[bin]) / Math.max(1, n);
            }
        }
        final List<ClassMetrics> perClass = new ArrayList<>();
        double f1Sum = 0;
        for (int c = 0; c < classes; c++) {
            int predictedAsC = 0;
            int support = 0;
            for (int other = 0; other < classes; other++) {
                predictedAsC += confusion[other][c];
                support += confusion[c][other];
            }
            final double precision = predictedAsC == 0 ? 0 : (double) confusion[c][c] / predictedAsC;
            final double recall = support == 0 ? 0 : (double) confusion[c][c] / support;
            final double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            f1Sum += f1;
            perClass.add(new ClassMetrics(labels.get(c), precision, recall, f1, support));
        }
        return new EvaluationReport(n, ratio(correct, n), k, ratio(topKCorrect, n), f1Sum / classes, ece,
                Calibration.negativeLogLikelihood(logits, truth, temperature), temperature, perClass, confusion);
    }

    private static double ratio(final int count, final int total) {
        return total == 0 ? 0 : (double) count / total;
    }

    /**
     * Flat metrics for the registry, manifests and {@code models} events: {@code accuracy}, {@code top3_accuracy},
     * {@code macro_f1}, {@code ece}, {@code nll}, {@code examples}, and {@code precision.<label>},
     * {@code recall.<label>}, {@code f1.<label>} per class.
     */
    public Map<String, Double> flatten() {
        final Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", accuracy);
        metrics.put("top" + topK + "_accuracy", topKAccuracy);
        metrics.put("macro_f1", macroF1);
        metrics.put("ece", ece);
        metrics.put("nll", negativeLogLikelihood);
        metrics.put("examples", (double) examples);
        for (final ClassMetrics metricsOfClass : perClass) {
            metrics.put("precision." + metricsOfClass.label(), metricsOfClass.precision());
            metrics.put("recall." + metricsOfClass.label(), metricsOfClass.recall());
            metrics.put("f1." + metricsOfClass.label(), metricsOfClass.f1());
        }
        return metrics;
    }
}
