package io.labelstream.cleaning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * Detects the language of a text with Apache OpenNLP's language detector (a maximum-entropy model over character
 * n-grams, 103 languages): deterministic, so that a replayed record is judged alike, and about a millisecond per
 * text. Codes are ISO 639-1 where one exists ("en"), else the model's ISO 639-3 code. Only the first
 * {@code sampleChars} characters are read: a few thousand decide as well as the whole text and cost far less.
 */
public final class LanguageIdentifier {

    private static final String MODEL = "langdetect-183.bin";

    /** The best language must be this many times as likely as the next, or the text counts as undetermined. */
    private static final double MARGIN = 1.5;

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
        // a detector is cheap and holds per-call state; the model is the expensive, shared part
        final Language[] ranked = new LanguageDetectorME(Model.MODEL_INSTANCE).predictLanguages(sample);
        if (ranked.length == 0 || ranked.length > 1 && ranked[0].getConfidence() < MARGIN * ranked[1].getConfidence()) {
            return Optional.empty();
        }
        final String code = ranked[0].getLang();
        return Optional.of(Model.TWO_LETTER_CODES.getOrDefault(code, code));
    }
}
