package io.labelstream.bench.labeling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A crowd like those of public truth-inference data sets: a few workers give most answers (Pareto-distributed
 * activity), each honest worker has their own confusion matrix with class-dependent errors (hard classes are
 * mistaken more, and mostly for similar classes), and a share are spammers (uniformly random) or adversaries
 * (always the same class). Seeded: the same seed gives the same crowd and the same answers.
 */
final class SimulatedCrowd {

    /** One answer: worker, item index, label index, in the order the crowd gave them. */
    record CrowdAnswer(int worker, int item, int label) {
    }

    private final int classes;
    private final double[][][] confusion;
    private final double[] activity;
    private final int spammers;
    private final int adversaries;

    /**
     * @param similar for each class, the classes it is mistaken for most (e.g. shirts for pullovers)
     * @param hard classes that even careful workers get wrong more often
     */
    SimulatedCrowd(final int workers, final int classes, final int[][] similar, final boolean[] hard,
            final double spammerShare, final double adversaryShare, final Random random) {
        this.classes = classes;
        this.confusion = new double[workers][classes][classes];
        this.activity = new double[workers];
        this.spammers = (int) Math.round(workers * spammerShare);
        this.adversaries = (int) Math.round(workers * adversaryShare);
        for (int w = 0; w < workers; w++) {
            activity[w] = Math.pow(1 - random.nextDouble(), -1 / 1.2);
            final double skill = 0.6 + 0.35 * random.nextDouble();
            final int favourite = random.nextInt(classes);
            for (int k = 0; k < classes; k++) {
                if (w < spammers) {
                    Arrays.fill(confusion[w][k], 1.0 / classes);
                } else if (w < spammers + adversaries) {
                    confusion[w][k][favourite] = 1;
                } else {
                    final double right = hard[k] ? skill * 0.8 : skill;
                    confusion[w][k][k] = right;
                    final double wrong = 1 - right;
                    final int[] near = similar[k];
                    for (int j = 0; j < classes; j++) {
                        if (j == k) {
                            continue;
                        }
                        final int other = j;
                        final boolean isNear = Arrays.stream(near).anyMatch(n -> n == other);
                        confusion[w][k][j] = near.length == 0
                                ? wrong / (classes - 1)
                                : isNear ? 0.8 * wrong / near.length : 0.2 * wrong / (classes - 1 - near.length);
                    }
                }
            }
        }
    }

    int spammers() {
        return spammers;
    }

    int adversaries() {
        return adversaries;
    }

    /** {@code perItem} answers from distinct workers for each item, drawn by activity, shuffled into one order. */
    List<CrowdAnswer> answer(final int[] truth, final int perItem, final Random random) {
        double total = 0;
        for (final double a : activity) {
            total += a;
        }
        final List<CrowdAnswer> answers = new ArrayList<>(truth.length * perItem);
        for (int item = 0; item < truth.length; item++) {
            final Set<Integer> chosen = new HashSet<>();
            while (chosen.size() < perItem) {
                chosen.add(draw(activity, total, random));
            }
            for (final int worker : chosen) {
                answers.add(new CrowdAnswer(worker, item, draw(confusion[worker][truth[item]], 1, random)));
            }
        }
        Collections.shuffle(answers, random);
        return answers;
    }

    private static int draw(final double[] weights, final double total, final Random random) {
        double target = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            target -= weights[i];
            if (target < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    int classes() {
        return classes;
    }
}
