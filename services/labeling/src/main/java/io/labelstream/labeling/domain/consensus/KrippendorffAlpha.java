package io.labelstream.labeling.domain.consensus;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Krippendorff's alpha for nominal labels, the inter-annotator agreement that allows any number of labelers per
 * item (our redundancy is adaptive, so Fleiss' kappa's fixed count does not apply). 1 is perfect agreement, 0 is
 * what chance gives, below 0 is systematic disagreement. Items with fewer than two answers carry no information
 * and are left out.
 */
public final class KrippendorffAlpha {

    private KrippendorffAlpha() {
    }

    /** Alpha over all answers, or NaN when fewer than two items have two answers or only one class occurs. */
    public static double nominal(final int classes, final Collection<Answer> answers) {
        final Map<String, List<Answer>> byItem = answers.stream().collect(Collectors.groupingBy(Answer::itemId));
        final double[][] coincidence = new double[classes][classes];
        for (final List<Answer> unit : byItem.values()) {
            final int pairable = unit.size();
            if (pairable < 2) {
                continue;
            }
            final Map<Integer, Integer> counts = new HashMap<>();
            unit.forEach(answer -> counts.merge(answer.label(), 1, Integer::sum));
            for (final Map.Entry<Integer, Integer> c : counts.entrySet()) {
                for (final Map.Entry<Integer, Integer> k : counts.entrySet()) {
                    final double pairs = c.getKey().equals(k.getKey())
                            ? c.getValue() * (c.getValue() - 1.0)
                            : (double) c.getValue() * k.getValue();
                    coincidence[c.getKey()][k.getKey()] += pairs / (pairable - 1);
                }
            }
        }
        final double[] marginals = new double[classes];
        double total = 0;
        double observedDisagreement = 0;
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < classes; k++) {
                marginals[c] += coincidence[c][k];
                if (c != k) {
                    observedDisagreement += coincidence[c][k];
                }
            }
            total += marginals[c];
        }
        double expectedDisagreement = 0;
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < classes; k++) {
                if (c != k) {
                    expectedDisagreement += marginals[c] * marginals[k];
                }
            }
        }
        if (total < 2 || expectedDisagreement == 0) {
            return Double.NaN;
        }
        return 1 - (total - 1) * observedDisagreement / expectedDisagreement;
    }
}
