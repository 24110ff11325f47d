package io.labelstream.cleaning;

import java.util.Locale;

/**
 * 64-bit SimHash of a text over its words and overlapping word pairs. Texts that share most of them get hashes
 * within a small Hamming distance; unrelated texts differ in about half the bits.
 */
public final class SimHash {

    private SimHash() {
    }

    public static long of(final String text) {
        final String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        final int[] weights = new int[64];
        String previous = null;
        for (final String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            add(weights, hash(word));
            if (previous != null) {
                add(weights, hash(previous + ' ' + word));
            }
            previous = word;
        }
        long simHash = 0;
        for (int bit = 0; bit < 64; bit++) {
            if (weights[bit] > 0) {
                simHash |= 1L << bit;
            }
        }
        return simHash;
    }

    public static int distance(final long a, final long b) {
        return Long.bitCount(a ^ b);
    }

    private static void add(final int[] weights, final long featureHash) {
        for (int bit = 0; bit < 64; bit++) {
            weights[bit] += ((featureHash >>> bit) & 1L) == 1L ? 1 : -1;
        }
    }

    /** FNV-1a over the UTF-16 units, then a SplitMix64 finaliser so that every input bit reaches every output bit. */
    private static long hash(final String feature) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < feature.length(); i++) {
            h ^= feature.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
