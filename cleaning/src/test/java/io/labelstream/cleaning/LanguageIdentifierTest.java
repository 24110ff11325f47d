package io.labelstream.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LanguageIdentifierTest {

    private static final List<String> TEXTS = List.of(
            "Please find attached the quarterly report; send your comments to the office by Friday.",
            "Bitte senden Sie mir die Unterlagen bis Freitag zurück, damit wir den Vertrag prüfen können.",
            "Nous vous remercions de votre commande, qui sera expédiée dans les plus brefs délais.",
            "Le agradecemos su pedido, que será enviado lo antes posible a la dirección indicada.",
            "Благодарим вас за заказ, он будет отправлен в ближайшее время.",
            "ご注文ありがとうございます。商品はできるだけ早く発送いたします。",
            "Visit http://example.com NOW!!! @friend #deal 1234 5678 😀😀 limited offer for you",
            "ok",
            "RT: @anna loved it hahaha jajaja :-) ;p xD x-O see https://t.co/x?a=1 or mail me@example.org #tbt",
            "Sooooo   goood!!!\n\n\tTotally\u00a0worth it, mehhhe ahha ihi \u00e9rt rt:rt  done 2024 ½",
            "emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters, \ud800 alone, İstanbul _rt x-(",
            "");

    private static LanguageDetectorModel model;

    @BeforeAll
    static void loadTheModel() throws IOException {
        try (InputStream in = LanguageIdentifier.class.getClassLoader().getResourceAsStream("langdetect-183.bin")) {
            model = new LanguageDetectorModel(in);
        }
    }

    @Test
    void shouldGiveTheModelTheSameFeaturesAsOpenNlpsOwnDetector() {
        for (final String text : TEXTS) {
            final CharSequence[] expected = model.getFactory().getContextGenerator().getContext(text);

            assertThat(Arrays.stream(LanguageIdentifier.grams(text)).mapToObj(NGramWeights::unpack)).as("%s", text)
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(expected).map(CharSequence::toString).toList());
        }
    }

    @Test
    void shouldGiveTheSameFeaturesOnRandomTextsFullOfWhatOpenNlpsNormalizersRewrite() {
        final String[] pieces = {"a", "e", "h", "H", "j", "o", "r", "t", "T", "x", "X", "d", "p", "P", ":", ";",
                "-", "(", ")", "#", "@", " ", "  ", "\n", "\t", "_", "1", "42", "http://", "https://a.b/c", "é",
                "İ", "😀", "\ud835", "\udd18", "ß", "."};
        final Random random = new Random(5);
        for (int sample = 0; sample < 3_000; sample++) {
            final StringBuilder text = new StringBuilder();
            final int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            final CharSequence[] expected = model.getFactory().getContextGenerator().getContext(text);

            assertThat(Arrays.stream(LanguageIdentifier.grams(text.toString())).mapToObj(NGramWeights::unpack))
                    .as("%s", text)
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(expected).map(CharSequence::toString).toList());
        }
    }

    @Test
    void shouldDecideAsOpenNlpsOwnDetectorWithTheSameMargin() {
        final LanguageIdentifier identifier = new LanguageIdentifier(400);
        for (final String text : TEXTS) {
            assertThat(identifier.detect(text).map(code -> Locale.forLanguageTag(code).getISO3Language()))
                    .as("%s", text).isEqualTo(byOpenNlp(text));
        }
    }

    @Test
    void shouldDecideAsOpenNlpsOwnDetectorOnRandomMixturesOfLanguages() {
        final String[] words = String.join(" ", TEXTS).split("\\s+");
        final LanguageIdentifier identifier = new LanguageIdentifier(400);
        final Random random = new Random(7);
        for (int sample = 0; sample < 2_000; sample++) {
            final StringBuilder text = new StringBuilder();
            final int length = 1 + random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            final String read = text.length() <= 400 ? text.toString() : text.substring(0, 400);
            assertThat(identifier.detect(text.toString()).map(code -> Locale.forLanguageTag(code).getISO3Language()))
                    .as("%s", text).isEqualTo(byOpenNlp(read));
        }
    }

    @Test
    void shouldDetectCommonLanguagesWithTheirTwoLetterCodes() {
        final LanguageIdentifier identifier = new LanguageIdentifier(400);

        assertThat(identifier.detect(TEXTS.get(0))).contains("en");
        assertThat(identifier.detect(TEXTS.get(1))).contains("de");
        assertThat(identifier.detect(TEXTS.get(2))).contains("fr");
        assertThat(identifier.detect("")).isEmpty();
    }

    @Test
    void shouldReadOnlyTheSampleAtTheStartOfTheText() {
        final LanguageIdentifier identifier = new LanguageIdentifier(80);
        final String englishThenGerman = TEXTS.get(0) + " " + TEXTS.get(1).repeat(20);

        assertThat(identifier.detect(englishThenGerman)).contains("en");
    }

    private static Optional<String> byOpenNlp(final String text) {
        final Language[] ranked = new LanguageDetectorME(model).predictLanguages(text);
        if (ranked.length == 0 || ranked.length > 1 && ranked[0].getConfidence() < 1.5 * ranked[1].getConfidence()) {
            return Optional.empty();
        }
        return Optional.of(ranked[0].getLang());
    }
}
