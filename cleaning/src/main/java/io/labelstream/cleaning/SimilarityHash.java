package io.labelstream.cleaning;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A similarity hash of one or more 64-bit words: items whose hashes differ in few bits (Hamming distance) look
 * alike. Texts have one word ({@link SimHash}), images four ({@link PerceptualHash}); hashes of different widths are
 * never compared.
 */
public record SimilarityHash(long[] words) {

    private static final HexFormat HEX = HexFormat.of();

    public SimilarityHash {
        if (words.length == 0) {
            throw new IllegalArgumentException("A similarity hash has at least one word");
        }
        words = words.clone();
    }

    public static SimilarityHash of(final long... words) {
        return new SimilarityHash(words);
    }

    /** Earlier versions wrote a one-word hash as a plain JSON number. */
    @JsonCreator
    static SimilarityHash fromEarlierJson(final long word) {
        return of(word);
    }

    /** The hash written as {@link #hex()} wrote it: 16 hex digits per word. */
    public static SimilarityHash parse(final CharSequence hex, final int from, final int to) {
        if ((to - from) % 16 != 0 || to == from) {
            throw new IllegalArgumentException("Not a similarity hash: " + hex.subSequence(from, to));
        }
        final long[] words = new long[(to - from) / 16];
        for (int i = 0; i < words.length; i++) {
            words[i] = HEX.fromHexDigitsToLong(hex, from + 16 * i, from + 16 * (i + 1));
        }
        return new SimilarityHash(words);
    }

    public int bits() {
        return words.length * Long.SIZE;
    }

    public long word(final int index) {
        return words[index];
    }

    @Override
    public long[] words() {
        return words.clone();
    }

    public int distance(final SimilarityHash other) {
        if (other.words.length != words.length) {
            throw new IllegalArgumentException("Hashes of " + bits() + " and " + other.bits() + " bits");
        }
        int distance = 0;
        for (int i = 0; i < words.length; i++) {
            distance += Long.bitCount(words[i] ^ other.words[i]);
        }
        return distance;
    }

    /** Bits {@code [from, to)} counted from bit 0 of word 0, at most 64 of them, as the low bits of a long. */
    public long bits(final int from, final int to) {
        final int length = to - from;
        final int word = from >>> 6;
        final int shift = from & 63;
        long value = words[word] >>> shift;
        if (shift + length > 64) {
            value |= words[word + 1] << (64 - shift);
        }
        return length == 64 ? value : value & ((1L << length) - 1);
    }

    public String hex() {
        final StringBuilder hex = new StringBuilder(16 * words.length);
        for (final long word : words) {
            hex.append(HEX.toHexDigits(word));
        }
        return hex.toString();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof SimilarityHash hash && Arrays.equals(words, hash.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return hex();
    }
}
