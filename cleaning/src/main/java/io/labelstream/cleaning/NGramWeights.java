package io.labelstream.cleaning;

import java.util.Map;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;

/**
 * The parameters of OpenNLP's language model by character n-gram, laid out for cheap lookups: one open-addressing
 * table holds each n-gram, packed into a long, next to where its parameters are. An n-gram with parameters for
 * many languages (the common ones, which every text has) gets a dense row with one value per language, added with
 * vector instructions; the rare ones keep sparse (language, value) pairs in two flat arrays. A packed n-gram has
 * bits 48 and up for its length (1 to 3, never 0, so 0 marks a free slot), then one UTF-16 unit per 16 bits, the
 * last unit lowest. Parameters and sums are floats: the rows of the n-grams a text has are read for every text,
 * and floats halve the memory traffic and double what one vector instruction adds. Against the model's own
 * evaluation in doubles ({@code ArrayMath.sumFeatures}) a score moves by rounding alone, some 1e-4 for a
 * 400-character sample, so a decision can only differ where the two best languages' scores lie that close to the
 * detector's margin; Java's float arithmetic is the same on every machine, so a replay decides alike.
 */
final class NGramWeights {

    static final int MAX_GRAM = 3;

    /** N-grams with parameters for at least this many languages get a dense row (about 11,000 rows, 4.5 MB). */
    private static final int DENSE_FROM = 32;
    private static final long DENSE = 1L << 31;

    /** Slot i holds the packed n-gram at 2i and, at 2i + 1, offset << 32 | DENSE or the number of sparse pairs. */
    private final long[] table;
    private final float[] rows;
    private final byte[] sparseOutcomes;
    private final float[] sparseValues;
    private final int outcomes;

    private NGramWeights(final int slots, final int denseRows, final int sparsePairs, final int outcomes) {
        this.table = new long[2 * slots];
        this.rows = new float[denseRows * outcomes];
        this.sparseOutcomes = new byte[sparsePairs];
        this.sparseValues = new float[sparsePairs];
        this.outcomes = outcomes;
    }

    @SuppressWarnings("unchecked")
    static NGramWeights of(final AbstractModel model) {
        if (model.getNumOutcomes() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("At most " + Byte.MAX_VALUE + " languages fit, not "
                    + model.getNumOutcomes());
        }
        final Map<String, Context> byPredicate = (Map<String, Context>) model.getDataStructures()[1];
        int denseRows = 0;
        int sparsePairs = 0;
        for (final Context context : byPredicate.values()) {
            if (context.getOutcomes().length >= DENSE_FROM) {
                denseRows++;
            } else {
                sparsePairs += context.getOutcomes().length;
            }
        }
        // a power of two at least 4/3 of the n-grams: short probes at under 75% load, and for this model 4 MB,
        // half of what a table at most half full would take, so that more of it stays in cache
        final int grams = Math.max(1, byPredicate.size());
        final NGramWeights weights = new NGramWeights(Integer.highestOneBit(grams + grams / 3) * 2, denseRows,
                sparsePairs, model.getNumOutcomes());
        int rowOffset = 0;
        int sparseOffset = 0;
        for (final Map.Entry<String, Context> entry : byPredicate.entrySet()) {
            final String predicate = entry.getKey();
            if (predicate.isEmpty() || predicate.length() > MAX_GRAM) {
                continue;
            }
            final int[] ids = entry.getValue().getOutcomes();
            final double[] values = entry.getValue().getParameters();
            final long location;
            if (ids.length >= DENSE_FROM) {
                for (int i = 0; i < ids.length; i++) {
                    weights.rows[rowOffset + ids[i]] = (float) values[i];
                }
                location = (long) rowOffset << 32 | DENSE;
                rowOffset += weights.outcomes;
            } else {
                for (int i = 0; i < ids.length; i++) {
                    weights.sparseOutcomes[sparseOffset + i] = (byte) ids[i];
                    weights.sparseValues[sparseOffset + i] = (float) values[i];
                }
                location = (long) sparseOffset << 32 | ids.length;
                sparseOffset += ids.length;
            }
            final long gram = pack(predicate.toCharArray(), 0, predicate.length());
            final int slot = weights.slot(gram);
            weights.table[2 * slot] = gram;
            weights.table[2 * slot + 1] = location;
        }
        return weights;
    }

    static long pack(final char[] text, final int from, final int to) {
        long gram = (long) (to - from) << 48;
        for (int i = from; i < to; i++) {
            gram |= (long) text[i] << 16 * (to - 1 - i);
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
    void addTo(final long gram, final float[] scores) {
        final int slot = slot(gram);
        if (table[2 * slot] == 0) {
            return;
        }
        final long location = table[2 * slot + 1];
        final int from = (int) (location >>> 32);
        if ((location & DENSE) != 0) {
            for (int outcome = 0; outcome < outcomes; outcome++) {
                scores[outcome] += rows[from + outcome];
            }
            return;
        }
        final int to = from + (int) (location & ~DENSE);
        for (int i = from; i < to; i++) {
            scores[sparseOutcomes[i]] += sparseValues[i];
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
