package io.labelstream.cleaning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.ml.model.AbstractModel;

/**
 * Detects the language of a text with Apache OpenNLP's language detector (a maximum-entropy model over character
 * n-grams, 103 languages): deterministic, so that a replayed record is judged alike. Codes are ISO 639-1 where
 * one exists ("en"), else the model's ISO 639-3 code. Only the first {@code sampleChars} characters are read: a
 * few hundred decide as well as the whole text and cost far less.
 *
 * <p>The model sees exactly the features OpenNLP's own detector ({@code LanguageDetectorME}) gives it, the
 * distinct character 1- to 3-grams of the normalized, lower-cased sample, and decides alike but for float rounding
 * (see {@link NGramWeights}). Each n-gram, though, is packed into a long and looked up in {@link NGramWeights},
 * instead of becoming a {@code CharBuffer} in OpenNLP's n-gram model, then a string, then a hash-map key, which
 * cost several times the model's arithmetic; and OpenNLP's regex normalizers run only where
 * {@link LanguageSampleNormalizer} finds something they could rewrite.
 */
public final class LanguageIdentifier {

    private static final String MODEL = "langdetect-183.bin";

    /** The best language must be this many times as likely as the next, or the text counts as undetermined. */
    private static final double LOG_MARGIN = Math.log(1.5);

    /** The n-gram lengths of the model's context generator (OpenNLP's language detector defaults). */
    private static final int MIN_GRAM = 1;
    private static final int MAX_GRAM = NGramWeights.MAX_GRAM;

    private final int sampleChars;

    public LanguageIdentifier(final int sampleChars) {
        this.sampleChars = sampleChars;
    }

    /** The model takes a second and tens of megabytes to load and never changes: one per JVM, thread-safe. */
    private static final class Model {
        private static final LanguageDetectorModel MODEL_INSTANCE = load();
        private static final NGramWeights WEIGHTS = NGramWeights.of((AbstractModel) MODEL_INSTANCE.getMaxentModel());
        private static final Map<String, String> TWO_LETTER_CODES = twoLetterCodes();

        private static LanguageDetectorModel load() {
            try (InputStream in = LanguageIdentifier.class.getClassLoader().getResourceAsStream(MODEL)) {
                if (in == null) {
                    throw new IllegalStateException(MODEL + " is not on the classpath (opennlp-models-langdetect)");
                }
                return new LanguageDetectorModel(in);
            } catch (final IOException e) {
                throw new UncheckedIOException("Cannot read the language model " + MODEL, e);
            }
        }

        private static Map<String, String> twoLetterCodes() {
            final Map<String, String> codes = new HashMap<>();
            for (final String twoLetter : Locale.getISOLanguages()) {
                codes.put(Locale.forLanguageTag(twoLetter).getISO3Language(), twoLetter);
            }
            // the model names macrolanguage members the ISO 639-1 table does not list
            codes.put("cmn", "zh");
            codes.put("pes", "fa");
            codes.put("zsm", "ms");
            return codes;
        }
    }

    /** The detected language, or empty when the text is too short or too mixed to tell. */
    public Optional<String> detect(final String text) {
        final String sample = text.length() <= sampleChars ? text : text.substring(0, sampleChars);
        final GramSet grams = GRAMS.get();
        grams.collect(sample);
        // the model's log-linear scores: the softmax preserves order, and a probability ratio is a score difference
        final float[] scores = grams.scores(Model.WEIGHTS.outcomes());
        for (int i = 0; i < grams.count; i++) {
            Model.WEIGHTS.addTo(grams.distinct[i], scores);
        }
        int best = 0;
        int second = -1;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                second = best;
                best = i;
            } else if (second < 0 || scores[i] > scores[second]) {
                second = i;
            }
        }
        if (second >= 0 && scores[best] - scores[second] < LOG_MARGIN) {
            return Optional.empty();
        }
        final String code = Model.MODEL_INSTANCE.getMaxentModel().getOutcome(best);
        return Optional.of(Model.TWO_LETTER_CODES.getOrDefault(code, code));
    }

    /** The distinct character n-grams of the normalized sample, packed as {@link NGramWeights} keys. */
    static long[] grams(final String sample) {
        final GramSet grams = new GramSet();
        grams.collect(sample);
        return Arrays.copyOf(grams.distinct, grams.count);
    }

    /** Every text would otherwise allocate some 50 KB of scratch space; reused per thread, detection allocates none. */
    private static final ThreadLocal<GramSet> GRAMS = ThreadLocal.withInitial(GramSet::new);

    /**
     * The distinct n-grams of one sample: the lower-cased sample, an open-addressing set of packed n-grams whose
     * slots count as free unless stamped with the current generation (so that it is never cleared), the distinct
     * n-grams in order of appearance, and the score array.
     */
    private static final class GramSet {
        private char[] lower = new char[0];
        private long[] slots = new long[0];
        private int[] stamps = new int[0];
        private int generation;
        private long[] distinct = new long[0];
        private int count;
        private float[] scores = new float[0];

        void collect(final String sample) {
            final String normalized = LanguageSampleNormalizer.normalize(sample);
            final int chars = lowerCase(normalized);
            final int capacity = Integer.highestOneBit(Math.max(1, MAX_GRAM * chars)) * 4;
            if (slots.length < capacity) {
                slots = new long[capacity];
                stamps = new int[capacity];
                distinct = new long[capacity / 4 * 2];
                generation = 0;
            }
            if (++generation == 0) {
                Arrays.fill(stamps, 0);
                generation = 1;
            }
            count = 0;
            for (int length = MIN_GRAM; length <= MAX_GRAM; length++) {
                for (int start = 0; start + length <= chars; start++) {
                    addIfAbsent(NGramWeights.pack(lower, start, start + length), capacity - 1);
                }
            }
        }

        float[] scores(final int outcomes) {
            if (scores.length != outcomes) {
                scores = new float[outcomes];
            } else {
                Arrays.fill(scores, 0);
            }
            return scores;
        }

        /** Lower-cases code point by code point into {@code lower}, as OpenNLP does; returns the length. */
        private int lowerCase(final String text) {
            if (lower.length < 2 * text.length()) {
                lower = new char[2 * text.length()];
            }
            int length = 0;
            for (int i = 0; i < text.length(); ) {
                final int codePoint = text.codePointAt(i);
                length += Character.toChars(Character.toLowerCase(codePoint), lower, length);
                i += Character.charCount(codePoint);
            }
            return length;
        }

        private void addIfAbsent(final long gram, final int mask) {
            final long mixed = gram * 0x9e3779b97f4a7c15L;
            int slot = (int) (mixed ^ mixed >>> 32) & mask;
            while (stamps[slot] == generation) {
                if (slots[slot] == gram) {
                    return;
                }
                slot = (slot + 1) & mask;
            }
            slots[slot] = gram;
            stamps[slot] = generation;
            distinct[count++] = gram;
        }
    }
}
