package io.labelstream.cleaning;

import java.util.Map;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;

/**
 * The parameters of OpenNLP's language model by character n-gram, laid out for lookups that touch few cache lines:
 * one open-addressing table holds each n-gram, packed into a long, next to the span of its parameters in two flat
 * arrays (outcome ids and values). A packed n-gram has bits 48 and up for its length (1 to 3, never 0, so 0 marks a
 * free slot), then one UTF-16 unit per 16 bits, the last unit lowest. The sums are those of the model's own
 * evaluation ({@code ArrayMath.sumFeatures}), without a string, a hash-map node and a parameter object per n-gram.
 */
final class NGramWeights {

    static final int MAX_GRAM = 3;

    /** Slot i holds the packed n-gram at 2i and its span (offset << 32 | length) at 2i + 1. */
    private final long[] table;
    private final byte[] outcomeIds;
    private final double[] values;
    private final int outcomes;

    private NGramWeights(final int slots, final int parameters, final int outcomes) {
        this.table = new long[2 * slots];
        this.outcomeIds = new byte[parameters];
        this.values = new double[parameters];
        this.outcomes = outcomes;
    }

    @SuppressWarnings("unchecked")
    static NGramWeights of(final AbstractModel model) {
        if (model.getNumOutcomes() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("At most " + Byte.MAX_VALUE + " languages fit, not "
                    + model.getNumOutcomes());
        }
        final Map<String, Context> byPredicate = (Map<String, Context>) model.getDataStructures()[1];
        int parameters = 0;
        for (final Context context : byPredicate.values()) {
            parameters += context.getOutcomes().length;
        }
        final NGramWeights weights = new NGramWeights(Integer.highestOneBit(Math.max(1, byPredicate.size())) * 4,
                parameters, model.getNumOutcomes());
        int offset = 0;
        for (final Map.Entry<String, Context> entry : byPredicate.entrySet()) {
            final String predicate = entry.getKey();
            if (predicate.isEmpty() || predicate.length() > MAX_GRAM) {
                continue;
            }
            final int[] ids = entry.getValue().getOutcomes();
            final double[] parameterValues = entry.getValue().getParameters();
            for (int i = 0; i < ids.length; i++) {
                weights.outcomeIds[offset + i] = (byte) ids[i];
                weights.values[offset + i] = parameterValues[i];
            }
            final long gram = pack(predicate, 0, predicate.length());
            final int slot = weights.slot(gram);
            weights.table[2 * slot] = gram;
            weights.table[2 * slot + 1] = (long) offset << 32 | ids.length;
            offset += ids.length;
        }
        return weights;
    }

    static long pack(final CharSequence text, final int from, final int to) {
        long gram = (long) (to - from) << 48;
        for (int i = from; i < to; i++) {
            gram |= (long) text.charAt(i) << 16 * (to - 1 - i);
        }
        return gram;
    }

    static String unpack(final long gram) {
        final int length = (int) (gram >>> 48);
        final char[] units = new char[length];
        for (int i = 0; i < length; i++) {
            units[i] = (char) (gram >>> 16 * (length - 1 - i));
        }
        return new String(units);
    }

    int outcomes() {
        return outcomes;
    }

    /** Adds the n-gram's parameter for each outcome to {@code scores}; an n-gram the model never saw adds nothing. */
    void addTo(final long gram, final double[] scores) {
        final int slot = slot(gram);
        if (table[2 * slot] == 0) {
            return;
        }
        final long span = table[2 * slot + 1];
        final int from = (int) (span >>> 32);
        final int to = from + (int) span;
        for (int i = from; i < to; i++) {
            scores[outcomeIds[i]] += values[i];
        }
    }

    /** The gram's slot, or the free slot where it would go. */
    private int slot(final long gram) {
        final int mask = table.length / 2 - 1;
        final long mixed = gram * 0x9e3779b97f4a7c15L;
        int slot = (int) (mixed ^ mixed >>> 32) & mask;
        while (table[2 * slot] != 0 && table[2 * slot] != gram) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }
}
