package io.labelstream.labeling.domain.consensus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A crowd with known behaviour: true labels, and per labeler a known confusion matrix to answer from. */
final class SyntheticCrowd {

    final int classes;
    final Map<String, Integer> truth = new HashMap<>();
    final List<Answer> answers = new ArrayList<>();
    private final Random random;

    SyntheticCrowd(final int classes, final long seed) {
        this.classes = classes;
        this.random = new Random(seed);
    }

    /** A labeler right with probability {@code accuracy}, otherwise picking one of the wrong classes at random. */
    static double[][] honest(final int classes, final double accuracy) {
        final double[][] matrix = new double[classes][classes];
        for (int k = 0; k < classes; k++) {
            for (int l = 0; l < classes; l++) {
                matrix[k][l] = k == l ? accuracy : (1 - accuracy) / (classes - 1);
            }
        }
        return matrix;
    }

    /** A spammer answers without looking: uniform over the classes, whatever the item is. */
    static double[][] spammer(final int classes) {
        return honest(classes, 1.0 / classes);
    }

    /** Every item gets {@code perItem} distinct labelers drawn at random from the crowd. */
    SyntheticCrowd label(final int items, final Map<String, double[][]> crowd, final int perItem) {
        final List<String> labelers = new ArrayList<>(crowd.keySet());
        Collections.sort(labelers);
        for (int i = 0; i < items; i++) {
            final String item = "item-" + i;
            final int trueLabel = random.nextInt(classes);
            truth.put(item, trueLabel);
            Collections.shuffle(labelers, random);
            for (final String labeler : labelers.subList(0, perItem)) {
                answers.add(new Answer(item, labeler, draw(crowd.get(labeler)[trueLabel])));
            }
        }
        return this;
    }

    private int draw(final double[] distribution) {
        double u = random.nextDouble();
        for (int l = 0; l < distribution.length; l++) {
            u -= distribution[l];
            if (u < 0) {
                return l;
            }
        }
        return distribution.length - 1;
    }
}
