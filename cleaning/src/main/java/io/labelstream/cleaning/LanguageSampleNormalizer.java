package io.labelstream.cleaning;

import opennlp.tools.util.normalizer.CharSequenceNormalizer;
import opennlp.tools.util.normalizer.EmojiCharSequenceNormalizer;
import opennlp.tools.util.normalizer.NumberCharSequenceNormalizer;
import opennlp.tools.util.normalizer.ShrinkCharSequenceNormalizer;
import opennlp.tools.util.normalizer.TwitterCharSequenceNormalizer;
import opennlp.tools.util.normalizer.UrlCharSequenceNormalizer;

/**
 * The normalization OpenNLP's language detector applies before it takes n-grams: its emoji, URL and e-mail,
 * Twitter, number and shrink normalizers, in that order, each a few regular-expression passes over the text. Most
 * texts contain nothing any of them would change, and a single scan for what each pattern cannot match without
 * ("://" or '@', a digit, ...) is far cheaper than the passes; a normalizer runs whenever its scan
 * finds such a character, so the result is always the one the normalizers give.
 */
final class LanguageSampleNormalizer {

    private static final CharSequenceNormalizer EMOJI = EmojiCharSequenceNormalizer.getInstance();
    private static final CharSequenceNormalizer URL = UrlCharSequenceNormalizer.getInstance();
    private static final CharSequenceNormalizer TWITTER = TwitterCharSequenceNormalizer.getInstance();
    private static final CharSequenceNormalizer NUMBER = NumberCharSequenceNormalizer.getInstance();
    private static final CharSequenceNormalizer SHRINK = ShrinkCharSequenceNormalizer.getInstance();

    private LanguageSampleNormalizer() {
    }

    static String normalize(final String text) {
        String normalized = text;
        if (mayHoldEmoji(normalized)) {
            normalized = EMOJI.normalize(normalized).toString();
        }
        // https?://... and ...@...
        if (normalized.contains("://") || normalized.indexOf('@') >= 0) {
            normalized = URL.normalize(normalized).toString();
        }
        if (mayHoldTwitterMarkup(normalized)) {
            normalized = TWITTER.normalize(normalized).toString();
        }
        // \d without UNICODE_CHARACTER_CLASS is [0-9]
        if (hasAsciiDigit(normalized)) {
            normalized = NUMBER.normalize(normalized).toString();
        }
        // the shrink normalizer trims in any case
        return hasSurrogate(normalized) || mayShrink(normalized) ? SHRINK.normalize(normalized).toString()
                : normalized.trim();
    }

    /**
     * The emoji pattern {@code [\uD83C-\uDBFF\uDC00-\uDFFF]+} reads as a range from U+D83C to U+10FC00 (the
     * escaped surrogate pair in its middle forms one code point), a literal '-', and U+DFFF: it rewrites '-' and
     * everything from U+D83C up.
     */
    private static boolean mayHoldEmoji(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '-' || text.charAt(i) >= '\uD800') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSurrogate(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAsciiDigit(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether one of the Twitter patterns could match (all but the first are ASCII case-insensitive):
     * {@code [#@]\S+}, {@code \b(rt[ :])+}, {@code [:;x]-?[()dop]}, {@code ([hj])+([aieou])+(\1+\2+)+}.
     */
    private static boolean mayHoldTwitterMarkup(final String text) {
        final int length = text.length();
        for (int i = 0; i < length; i++) {
            final char c = lower(text.charAt(i));
            if (c == '#' || c == '@') {
                return true;
            }
            if (c == 'r' && i + 2 < length && lower(text.charAt(i + 1)) == 't'
                    && (text.charAt(i + 2) == ' ' || text.charAt(i + 2) == ':')
                    && (i == 0 || !isAsciiWordChar(text.charAt(i - 1)))) {
                return true;
            }
            if ((c == ':' || c == ';' || c == 'x') && i + 1 < length) {
                final int face = text.charAt(i + 1) == '-' ? i + 2 : i + 1;
                if (face < length && "()dop".indexOf(lower(text.charAt(face))) >= 0) {
                    return true;
                }
            }
            // a laugh holds a vowel, a run of h (or j), then the same vowel again
            if ("aieou".indexOf(c) >= 0 && i + 1 < length) {
                final char consonant = lower(text.charAt(i + 1));
                if (consonant == 'h' || consonant == 'j') {
                    int next = i + 1;
                    while (next < length && lower(text.charAt(next)) == consonant) {
                        next++;
                    }
                    if (next < length && lower(text.charAt(next)) == c) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code (.)\1{2,}} (ASCII case-insensitive) or {@code \s{2,}} could match; a character repeated as a
     * surrogate pair is left to the caller's surrogate check.
     */
    private static boolean mayShrink(final String text) {
        for (int i = 0; i + 1 < text.length(); i++) {
            final char c = text.charAt(i);
            if (isAsciiSpace(c) && isAsciiSpace(text.charAt(i + 1))) {
                return true;
            }
            if (i + 2 < text.length() && lower(text.charAt(i + 1)) == lower(c)
                    && lower(text.charAt(i + 2)) == lower(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Characters that are word characters for Java's regex word boundary whatever the Java version (newer ones
     * count only these; older ones any letter or digit), so that no boundary can follow them.
     */
    private static boolean isAsciiWordChar(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static boolean isAsciiSpace(final char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static char lower(final char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
