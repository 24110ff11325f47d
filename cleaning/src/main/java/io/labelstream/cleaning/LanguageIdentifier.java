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
 * distinct character 1- to 3-grams of the normalized, lower-cased sample, and decides alike; but each n-gram is
 * packed into a long and looked up in {@link NGramWeights}, instead of becoming a {@code CharBuffer} in OpenNLP's
 * n-gram model, then a string, then a hash-map key, which cost several times the model's arithmetic; and
 * OpenNLP's regex normalizers run only where {@link LanguageSampleNormalizer} finds something they could rewrite.
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
        // the model's log-linear scores: the softmax preserves order, and a probability ratio is a score difference
        final double[] scores = new double[Model.WEIGHTS.outcomes()];
        for (final long gram : grams(sample)) {
            Model.WEIGHTS.addTo(gram, scores);
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

    /**
     * The distinct character n-grams of the normalized sample, lower-cased code point by code point, packed as
     * {@link NGramWeights} keys; duplicates are dropped in an open-addressing table of longs.
     */
    static long[] grams(final String sample) {
        final String normalized = LanguageSampleNormalizer.normalize(sample);
        final StringBuilder lower = new StringBuilder(normalized.length());
        for (int i = 0; i < normalized.length(); ) {
            final int codePoint = normalized.codePointAt(i);
            lower.appendCodePoint(Character.toLowerCase(codePoint));
            i += Character.charCount(codePoint);
        }
        final int chars = lower.length();
        final long[] table = new long[Integer.highestOneBit(Math.max(1, MAX_GRAM * chars)) * 4];
        final long[] distinct = new long[MAX_GRAM * chars];
        int count = 0;
        for (int length = MIN_GRAM; length <= MAX_GRAM; length++) {
            for (int start = 0; start + length <= chars; start++) {
                final long gram = NGramWeights.pack(lower, start, start + length);
                if (addIfAbsent(table, gram)) {
                    distinct[count++] = gram;
                }
            }
        }
        return Arrays.copyOf(distinct, count);
    }

    private static boolean addIfAbsent(final long[] table, final long gram) {
        final int mask = table.length - 1;
        final long mixed = gram * 0x9e3779b97f4a7c15L;
        int slot = (int) (mixed ^ mixed >>> 32) & mask;
        while (table[slot] != 0) {
            if (table[slot] == gram) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = gram;
        return true;
    }
}
