package io.labelstream.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void shouldComposeToNfcSoThatEqualTextsHashEqually() {
        final String decomposed = "Gru\u0308\u00dfe";

        assertThat(TextNormalizer.normalize(decomposed)).isEqualTo("Grüße");
        assertThat(ContentHash.sha256(TextNormalizer.normalize(decomposed)))
                .isEqualTo(ContentHash.sha256(TextNormalizer.normalize("Grüße")));
    }

    @Test
    void shouldDropInvisibleCharactersAndCollapseWhitespace() {
        assertThat(TextNormalizer.normalize("  a\u0000b\u200b c \t\u00a0 d\u2028e  ")).isEqualTo("ab c d e");
        assertThat(TextNormalizer.normalize("line one  \n\n\n\n   line two\nthree\r\nfour"))
                .isEqualTo("line one\n\nline two\nthree\nfour");
        assertThat(TextNormalizer.normalize("\n\t \u0007")).isEmpty();
    }

    @Test
    void shouldKeepCharactersOutsideTheBasicPlane() {
        assertThat(TextNormalizer.normalize("smile 😀 \ud835\udd18")).isEqualTo("smile 😀 \ud835\udd18");
    }
}
