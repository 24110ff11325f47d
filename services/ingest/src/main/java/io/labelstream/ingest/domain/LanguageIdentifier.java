package io.labelstream.ingest.domain;

import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Detects the language of a text as an ISO 639-1 code (n-gram profiles of about 70 languages). Only the first
 * {@code sampleChars} characters are read: a few thousand decide as well as the whole text and cost far less.
 */
public final class LanguageIdentifier {

    private final TextObjectFactory texts = CommonTextObjectFactories.forDetectingOnLargeText();
    private final int sampleChars;

    public LanguageIdentifier(final int sampleChars) {
        this.sampleChars = sampleChars;
    }

    /** The profiles take a second and tens of megabytes to load and never change: one detector per JVM. */
    private static final class Profiles {
        private static final LanguageDetector DETECTOR = load();

        private static LanguageDetector load() {
            try {
                return LanguageDetectorBuilder.create(NgramExtractors.standard())
                        .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                        .build();
            } catch (final IOException e) {
                throw new UncheckedIOException("Cannot read the built-in language profiles", e);
            }
        }
    }

    /** The detected language, or empty when the text is too short or too mixed to tell. */
    public Optional<String> detect(final String text) {
        final String sample = text.length() <= sampleChars ? text : text.substring(0, sampleChars);
        final com.google.common.base.Optional<LdLocale> locale = Profiles.DETECTOR.detect(texts.forText(sample));
        return locale.isPresent() ? Optional.of(locale.get().getLanguage()) : Optional.empty();
    }
}
