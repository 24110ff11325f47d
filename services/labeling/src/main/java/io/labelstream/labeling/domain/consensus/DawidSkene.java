package io.labelstream.labeling.domain.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dawid and Skene (1979): expectation-maximisation over one confusion matrix per labeler and the class priors.
 * A labeler who answers at random gets rows close to uniform and so carries no weight; one who swaps two classes
 * is read the right way round. Items with a known (gold) answer are held at that answer, which anchors the
 * matrices to the true classes.
 *
 * <p>Every confusion row starts from a Dirichlet prior ({@link #PRIOR_AGREE} on the diagonal, {@link #PRIOR_OTHER}
 * elsewhere): a labeler with few answers is assumed to be somewhat better than chance, never certain.
 */
public final class DawidSkene {

    static final double PRIOR_AGREE = 2.0;
    static final double PRIOR_OTHER = 1.0;
    private static final int MAX_ITERATIONS = 100;
    private static final double TOLERANCE = 1e-6;

    private DawidSkene() {
    }

    /** A fitted model: enough to compute any item's posterior from its answers without fitting again. */
    public record Model(double[] priors, Map<String, double[][]> confusion) {

        public int classes() {
            return priors.length;
        }

        /** A labeler's matrix, or the prior's mean for a labeler the fit has not seen. */
        public double[][] confusionOf(final String labelerId) {
            final double[][] fitted = confusion.get(labelerId);
            return fitted != null ? fitted : priorConfusion(classes());
        }

        public Consensus posterior(final List<Answer> itemAnswers) {
            final double[] logPosterior = new double[classes()];
            for (int k = 0; k < classes(); k++) {
                logPosterior[k] = Math.log(priors[k]);
            }
            for (final Answer answer : itemAnswers) {
                final double[][] matrix = confusionOf(answer.labelerId());
                for (int k = 0; k < classes(); k++) {
                    logPosterior[k] += Math.log(matrix[k][answer.label()]);
                }
            }
            return new Consensus(normalise(logPosterior));
        }

        /** The labeler's estimated chance of answering correctly, weighted by how often each class occurs. */
        public double accuracyOf(final String labelerId) {
            final double[][] matrix = confusionOf(labelerId);
            double accuracy = 0;
            for (int k = 0; k < classes(); k++) {
                accuracy += priors[k] * matrix[k][k];
            }
            return accuracy;
        }
    }

    /** The fitted model with the posterior of every item that has answers or a gold answer. */
    public record Fit(Model model, Map<String, Consensus> posteriors, int iterations) {
    }

    public static Fit fit(final int classes, final List<Answer> answers, final Map<String, Integer> gold) {
        final Map<String, Integer> itemIndex = new HashMap<>();
        final List<String> items = new ArrayList<>();
        final Map<String, Integer> labelerIndex = new HashMap<>();
        final List<String> labelers = new ArrayList<>();
        for (final Answer answer : answers) {
            itemIndex.computeIfAbsent(answer.itemId(), id -> {
                items.add(id);
                return items.size() - 1;
            });
            labelerIndex.computeIfAbsent(answer.labelerId(), id -> {
                labelers.add(id);
                return labelers.size() - 1;
            });
        }
        final int[] answerItem = new int[answers.size()];
        final int[] answerLabeler = new int[answers.size()];
        final int[] answerLabel = new int[answers.size()];
        for (int a = 0; a < answers.size(); a++) {
            answerItem[a] = itemIndex.get(answers.get(a).itemId());
            answerLabeler[a] = labelerIndex.get(answers.get(a).labelerId());
            answerLabel[a] = answers.get(a).label();
        }
        final int[] goldOf = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            goldOf[i] = gold.getOrDefault(items.get(i), -1);
        }

        double[][] truth = majorityVoteStart(classes, items.size(), answerItem, answerLabel, goldOf);
        double[] priors = new double[classes];
        double[][][] confusion = new double[labelers.size()][classes][classes];
        int iteration = 0;
        while (iteration < MAX_ITERATIONS) {
            iteration++;
            priors = estimatePriors(classes, truth);
            confusion = estimateConfusion(classes, labelers.size(), truth, answerItem, answerLabeler, answerLabel);
            final double[][] next = estimateTruth(classes, items.size(), priors, confusion,
                    answerItem, answerLabeler, answerLabel, goldOf);
            final double change = maxDifference(truth, next);
            truth = next;
            if (change < TOLERANCE) {
                break;
            }
        }
        final Map<String, double[][]> byLabeler = new HashMap<>();
        for (int j = 0; j < labelers.size(); j++) {
            byLabeler.put(labelers.get(j), confusion[j]);
        }
        final Map<String, Consensus> posteriors = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            posteriors.put(items.get(i), new Consensus(truth[i]));
        }
        return new Fit(new Model(priors, byLabeler), posteriors, iteration);
    }

    static double[][] priorConfusion(final int classes) {
        final double[][] matrix = new double[classes][classes];
        final double rowTotal = PRIOR_AGREE + (classes - 1) * PRIOR_OTHER;
        for (int k = 0; k < classes; k++) {
            for (int l = 0; l < classes; l++) {
                matrix[k][l] = (k == l ? PRIOR_AGREE : PRIOR_OTHER) / rowTotal;
            }
        }
        return matrix;
    }

    private static double[][] majorityVoteStart(final int classes, final int itemCount, final int[] answerItem,
            final int[] answerLabel, final int[] goldOf) {
        final double[][] truth = new double[itemCount][classes];
        for (int a = 0; a < answerItem.length; a++) {
            truth[answerItem[a]][answerLabel[a]]++;
        }
        for (int i = 0; i < itemCount; i++) {
            if (goldOf[i] >= 0) {
                truth[i] = oneHot(classes, goldOf[i]);
                continue;
            }
            double total = 0;
            for (final double votes : truth[i]) {
                total += votes;
            }
            for (int k = 0; k < classes; k++) {
                truth[i][k] = total == 0 ? 1.0 / classes : truth[i][k] / total;
            }
        }
        return truth;
    }

    private static double[] estimatePriors(final int classes, final double[][] truth) {
        final double[] priors = new double[classes];
        for (final double[] item : truth) {
            for (int k = 0; k < classes; k++) {
                priors[k] += item[k];
            }
        }
        for (int k = 0; k < classes; k++) {
            // add-one smoothing keeps a class that has not shown up yet possible
            priors[k] = (priors[k] + 1) / (truth.length + classes);
        }
        return priors;
    }

    private static double[][][] estimateConfusion(final int classes, final int labelerCount, final double[][] truth,
            final int[] answerItem, final int[] answerLabeler, final int[] answerLabel) {
        final double[][][] counts = new double[labelerCount][classes][classes];
        for (int j = 0; j < labelerCount; j++) {
            for (int k = 0; k < classes; k++) {
                for (int l = 0; l < classes; l++) {
                    counts[j][k][l] = k == l ? PRIOR_AGREE : PRIOR_OTHER;
                }
            }
        }
        for (int a = 0; a < answerItem.length; a++) {
            final double[] itemTruth = truth[answerItem[a]];
            for (int k = 0; k < classes; k++) {
                counts[answerLabeler[a]][k][answerLabel[a]] += itemTruth[k];
            }
        }
        for (final double[][] matrix : counts) {
            for (final double[] row : matrix) {
                double total = 0;
                for (final double value : row) {
                    total += value;
                }
                for (int l = 0; l < classes; l++) {
                    row[l] /= total;
                }
            }
        }
        return counts;
    }

    private static double[][] estimateTruth(final int classes, final int itemCount, final double[] priors,
            final double[][][] confusion, final int[] answerItem, final int[] answerLabeler, final int[] answerLabel,
            final int[] goldOf) {
        final double[][] logTruth = new double[itemCount][classes];
        for (int i = 0; i < itemCount; i++) {
            for (int k = 0; k < classes; k++) {
                logTruth[i][k] = Math.log(priors[k]);
            }
        }
        for (int a = 0; a < answerItem.length; a++) {
            final double[][] matrix = confusion[answerLabeler[a]];
            for (int k = 0; k < classes; k++) {
                logTruth[answerItem[a]][k] += Math.log(matrix[k][answerLabel[a]]);
            }
        }
        final double[][] truth = new double[itemCount][];
        for (int i = 0; i < itemCount; i++) {
            truth[i] = goldOf[i] >= 0 ? oneHot(classes, goldOf[i]) : normalise(logTruth[i]);
        }
        return truth;
    }

    private static double[] normalise(final double[] logValues) {
        double max = Double.NEGATIVE_INFINITY;
        for (final double value : logValues) {
            max = Math.max(max, value);
        }
        final double[] values = new double[logValues.length];
        double total = 0;
        for (int k = 0; k < logValues.length; k++) {
            values[k] = Math.exp(logValues[k] - max);
            total += values[k];
        }
        for (int k = 0; k < values.length; k++) {
            values[k] /= total;
        }
        return values;
    }

    private static double[] oneHot(final int classes, final int label) {
        final double[] values = new double[classes];
        values[label] = 1;
        return values;
    }

    private static double maxDifference(final double[][] before, final double[][] after) {
        double max = 0;
        for (int i = 0; i < before.length; i++) {
            for (int k = 0; k < before[i].length; k++) {
                max = Math.max(max, Math.abs(before[i][k] - after[i][k]));
            }
        }
        return max;
    }
}
