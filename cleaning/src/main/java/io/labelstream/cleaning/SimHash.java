package io.labelstream.cleaning;

import java.util.Locale;

/**
 * 64-bit SimHash of a text over its words and overlapping word pairs. Texts that share most of them get hashes
 * within a small Hamming distance; unrelated texts differ in about half the bits. A word is a maximal run of
 * letters and numbers (Unicode categories L and N) of the lower-cased text.
 */
public final class SimHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final int WORD_CATEGORIES = 1 << Character.UPPERCASE_LETTER | 1 << Character.LOWERCASE_LETTER
            | 1 << Character.TITLECASE_LETTER | 1 << Character.MODIFIER_LETTER | 1 << Character.OTHER_LETTER
            | 1 << Character.DECIMAL_DIGIT_NUMBER | 1 << Character.LETTER_NUMBER | 1 << Character.OTHER_NUMBER;

    /** The same rule for ASCII, looked up instead of asking for the Unicode category of most characters. */
    private static final boolean[] ASCII_WORD_CHARS = new boolean[128];

    static {
        for (int c = 0; c < ASCII_WORD_CHARS.length; c++) {
            ASCII_WORD_CHARS[c] = (WORD_CATEGORIES >>> Character.getType(c) & 1) == 1;
        }
    }

    private SimHash() {
    }

    public static long of(final String text) {
        final String lower = text.toLowerCase(Locale.ROOT);
        final BitCounts ones = new BitCounts();
        // FNV state of the previous word, so that a pair "previous word" is hashed without building its string
        long previous = 0;
        boolean hasPrevious = false;
        int i = 0;
        while (i < lower.length()) {
            i = skip(lower, i, false);
            final int start = i;
            i = skip(lower, i, true);
            if (i == start) {
                break;
            }
            final long word = fnv(FNV_OFFSET, lower, start, i);
            ones.add(finish(word));
            if (hasPrevious) {
                ones.add(finish(fnv(step(previous, ' '), lower, start, i)));
            }
            previous = word;
            hasPrevious = true;
        }
        // a bit of the SimHash is set where more features have it set than clear
        long simHash = 0;
        for (int bit = 0; bit < 64; bit++) {
            if (2L * ones.count(bit) > ones.added) {
                simHash |= 1L << bit;
            }
        }
        return simHash;
    }

    /**
     * How many added words had each of the 64 bits set, as 64 counters kept bit-sliced: plane k holds bit k of
     * every counter, so adding a word is a ripple-carry addition over the planes (two of them on average) instead
     * of 64 separate increments.
     */
    private static final class BitCounts {
        private final long[] planes = new long[Integer.SIZE];
        private long added;

        void add(final long word) {
            long carry = word;
            for (int plane = 0; carry != 0; plane++) {
                final long next = planes[plane] & carry;
                planes[plane] ^= carry;
                carry = next;
            }
            added++;
        }

        long count(final int bit) {
            long count = 0;
            for (int plane = 0; plane < planes.length; plane++) {
                count |= (planes[plane] >>> bit & 1L) << plane;
            }
            return count;
        }
    }

    public static int distance(final long a, final long b) {
        return Long.bitCount(a ^ b);
    }

    /** Where the run of word characters (or of other characters) that starts at {@code from} ends. */
    private static int skip(final String text, final int from, final boolean wordChars) {
        int i = from;
        while (i < text.length()) {
            final int codePoint = text.codePointAt(i);
            if (isWordChar(codePoint) != wordChars) {
                break;
            }
            i += Character.charCount(codePoint);
        }
        return i;
    }

    private static boolean isWordChar(final int codePoint) {
        return codePoint < ASCII_WORD_CHARS.length ? ASCII_WORD_CHARS[codePoint]
                : (WORD_CATEGORIES >>> Character.getType(codePoint) & 1) == 1;
    }

    /** FNV-1a over the UTF-16 units of {@code text[from, to)}, continuing from {@code state}. */
    private static long fnv(final long state, final String text, final int from, final int to) {
        long h = state;
        for (int i = from; i < to; i++) {
            h = step(h, text.charAt(i));
        }
        return h;
    }

    private static long step(final long state, final char unit) {
        return (state ^ unit) * FNV_PRIME;
    }

    /** A SplitMix64 finaliser, so that every input bit reaches every output bit. */
    private static long finish(final long fnv) {
        long h = fnv;
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
