package io.labelstream.cleaning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.normalizer.AggregateCharSequenceNormalizer;
import opennlp.tools.util.normalizer.CharSequenceNormalizer;
import opennlp.tools.util.normalizer.EmojiCharSequenceNormalizer;
import opennlp.tools.util.normalizer.NumberCharSequenceNormalizer;
import opennlp.tools.util.normalizer.ShrinkCharSequenceNormalizer;
import opennlp.tools.util.normalizer.TwitterCharSequenceNormalizer;
import opennlp.tools.util.normalizer.UrlCharSequenceNormalizer;

/**
 * Detects the language of a text with Apache OpenNLP's language detector (a maximum-entropy model over character
 * n-grams, 103 languages): deterministic, so that a replayed record is judged alike, and about a millisecond per
 * text. Codes are ISO 639-1 where one exists ("en"), else the model's ISO 639-3 code. Only the first
 * {@code sampleChars} characters are read: a few hundred decide as well as the whole text and cost far less.
 *
 * <p>The model is evaluated on the features OpenNLP's own detector ({@code LanguageDetectorME}) would give it,
 * the distinct character 1- to 3-grams of the normalized, lower-cased sample, but collected as plain strings:
 * OpenNLP's n-gram model keys them as {@code CharBuffer} views, which cost more than the model evaluation.
 */
public final class LanguageIdentifier {

    private static final String MODEL = "langdetect-183.bin";

    /** The best language must be this many times as likely as the next, or the text counts as undetermined. */
    private static final double MARGIN = 1.5;

    /** The n-gram lengths and normalizers of the model's context generator (OpenNLP's language detector defaults). */
    private static final int MIN_GRAM = 1;
    private static final int MAX_GRAM = 3;
    private static final CharSequenceNormalizer NORMALIZER = new AggregateCharSequenceNormalizer(
            EmojiCharSequenceNormalizer.getInstance(), UrlCharSequenceNormalizer.getInstance(),
            TwitterCharSequenceNormalizer.getInstance(), NumberCharSequenceNormalizer.getInstance(),
            ShrinkCharSequenceNormalizer.getInstance());

    private final int sampleChars;

    public LanguageIdentifier(final int sampleChars) {
        this.sampleChars = sampleChars;
    }

    /** The model takes a second and tens of megabytes to load and never changes: one per JVM, thread-safe. */
    private static final class Model {
        private static final LanguageDetectorModel MODEL_INSTANCE = load();
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
        final String[] features = features(sample);
        if (features.length == 0) {
            return Optional.empty();
        }
        final float[] once = new float[features.length];
        Arrays.fill(once, 1f);
        final MaxentModel model = Model.MODEL_INSTANCE.getMaxentModel();
        final double[] probabilities = model.eval(features, once);
        int best = 0;
        int second = -1;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                second = best;
                best = i;
            } else if (second < 0 || probabilities[i] > probabilities[second]) {
                second = i;
            }
        }
        if (second >= 0 && probabilities[best] < MARGIN * probabilities[second]) {
            return Optional.empty();
        }
        final String code = model.getOutcome(best);
        return Optional.of(Model.TWO_LETTER_CODES.getOrDefault(code, code));
    }

    /**
     * The distinct character n-grams of the normalized sample, lower-cased code point by code point. An n-gram of
     * up to three UTF-16 units fits in a long, so duplicates are removed in an open-addressing table of longs
     * rather than a hash set of strings (short strings collide often and cost an object each).
     */
    static String[] features(final String sample) {
        final CharSequence normalized = NORMALIZER.normalize(sample);
        final StringBuilder lower = new StringBuilder(normalized.length());
        normalized.codePoints().forEach(codePoint -> lower.appendCodePoint(Character.toLowerCase(codePoint)));
        final int chars = lower.length();
        final long[] table = new long[Integer.highestOneBit(Math.max(1, (MAX_GRAM - MIN_GRAM + 1) * chars)) * 4];
        final List<String> distinct = new ArrayList<>();
        for (int length = MIN_GRAM; length <= MAX_GRAM; length++) {
            for (int start = 0; start + length <= chars; start++) {
                long gram = (long) length << 48;
                for (int i = start; i < start + length; i++) {
                    gram |= (long) lower.charAt(i) << 16 * (start + length - 1 - i);
                }
                if (addIfAbsent(table, gram)) {
                    distinct.add(lower.substring(start, start + length));
                }
            }
        }
        return distinct.toArray(String[]::new);
    }

    /** Bits 48 and up hold the length (never 0, so 0 marks a free slot), then one UTF-16 unit per 16 bits. */
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
