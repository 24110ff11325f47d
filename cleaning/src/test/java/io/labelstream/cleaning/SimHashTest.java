package io.labelstream.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimHashTest {

    /** The definition: words are runs of letters and numbers; features are words and adjacent word pairs. */
    private static long byDefinition(final String text) {
        final int[] weights = new int[64];
        String previous = null;
        for (final String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            addFeature(weights, word);
            if (previous != null) {
                addFeature(weights, previous + ' ' + word);
            }
            previous = word;
        }
        long simHash = 0;
        for (int bit = 0; bit < 64; bit++) {
            simHash |= weights[bit] > 0 ? 1L << bit : 0;
        }
        return simHash;
    }

    private static void addFeature(final int[] weights, final String feature) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < feature.length(); i++) {
            h = (h ^ feature.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ h >>> 30) * 0xbf58476d1ce4e5b9L;
        h = (h ^ h >>> 27) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        for (int bit = 0; bit < 64; bit++) {
            weights[bit] += (h >>> bit & 1L) == 1L ? 1 : -1;
        }
    }

    @Test
    void shouldKeepTheHashesAlreadyRememberedByTheDeduplicationStores() {
        assertThat(SimHash.of("")).isZero();
        assertThat(SimHash.of("Hello, world!")).isEqualTo(0x16fb0cc1539a150dL);
        assertThat(SimHash.of("The quick brown fox jumps over the lazy dog."))
                .isEqualTo(0x11d56b022e487555L);
        assertThat(SimHash.of("Grüße aus Köln — ÄÖÜ straße 42 ½ Ⅻ")).isEqualTo(0xce520e797b73650bL);
        assertThat(SimHash.of("Ǆemo İstanbul ΣΊΣΥΦΟΣ")).isEqualTo(0xfec25d80ef454beaL);
    }

    @Test
    void shouldAgreeWithTheDefinitionOnMixedScriptsSurrogatesAndSeparators() {
        final String alphabet = "aBcÄöß ,.-_\n\t1½Ⅻ😀𝔘İΣﬁ\u0301\u200b";
        final Random random = new Random(3);
        for (int sample = 0; sample < 2_000; sample++) {
            final StringBuilder text = new StringBuilder();
            final int codePoints = random.nextInt(40);
            final int[] choices = alphabet.codePoints().toArray();
            for (int i = 0; i < codePoints; i++) {
                text.appendCodePoint(choices[random.nextInt(choices.length)]);
            }
            assertThat(SimHash.of(text.toString())).as("%s", text).isEqualTo(byDefinition(text.toString()));
        }
    }

    @Test
    void shouldPutTextsThatDifferInOneWordCloserThanUnrelatedTexts() {
        final String text = "please review the attached report before the meeting with the team tomorrow morning "
                + "and send your comments to the project office by the end of the week";
        final long original = SimHash.of(text);
        final long oneWordChanged = SimHash.of(text.replace("tomorrow", "today"));
        final long unrelated = SimHash.of("cheap watches and pills shipped overnight to your door, no prescription "
                + "needed, click here to claim the discount before it expires");

        assertThat(SimHash.distance(original, oneWordChanged)).isLessThanOrEqualTo(8);
        assertThat(SimHash.distance(original, unrelated)).isGreaterThan(16);
        assertThat(SimHash.of(text.toUpperCase(Locale.ROOT).replace(" ", "  ,"))).isEqualTo(original);
    }
}
