package io.labelstream.ml.features;

import io.labelstream.ml.InputSpec;
import io.labelstream.schemas.events.CleanItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fastText-style features: lower-cased word tokens (runs of letters or digits, and each other visible character on
 * its own, so that "$" and "!" count), word n-grams up to {@code wordNgrams}, and character n-grams of each word
 * wrapped in {@code <} and {@code >}. Each feature is hashed (64-bit FNV-1a) into {@code buckets - 1} slots; id 0 is
 * padding. Weights are relative counts, so the embedding bag computes a mean. Features beyond {@code maxFeatures}
 * distinct ids are dropped in order of first appearance.
 */
public final class TextFeaturizer implements Featurizer {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]");
    private static final int LONGEST_WORD_FOR_SUBWORDS = 30;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** FNV-1a states after each kind's prefix ("w", "n" or "c", then U+0001), which keeps the kinds' ids apart. */
    private static final long WORD = prefix('w');
    private static final long NGRAM = prefix('n');
    private static final long CHAR = prefix('c');

    private final int buckets;
    private final int maxFeatures;
    private final int wordNgrams;
    private final int charNgramMin;
    private final int charNgramMax;
    private final int maxChars;

    public TextFeaturizer(final InputSpec input) {
        this.buckets = input.buckets();
        this.maxFeatures = input.maxFeatures();
        this.wordNgrams = input.wordNgrams();
        this.charNgramMin = input.charNgramMin();
        this.charNgramMax = input.charNgramMax();
        this.maxChars = input.maxChars();
    }

    private static long prefix(final char kind) {
        return step(step(0xcbf29ce484222325L, kind), '\u0001');
    }

    @Override
    public TextFeatures featurize(final CleanItem item) {
        if (item.text() == null) {
            throw new IllegalArgumentException("text item " + item.itemId() + " has no text");
        }
        return fromText(item.text());
    }

    public TextFeatures fromText(final String text) {
        final List<String> tokens = tokens(text.length() > maxChars ? text.substring(0, maxChars) : text);
        final FeatureCounts counts = new FeatureCounts(maxFeatures);
        for (int i = 0; i < tokens.size(); i++) {
            final String token = tokens.get(i);
            counts.add(bucket(fnv(WORD, token)));
            long ngram = fnv(NGRAM, token);
            for (int n = 2; n <= wordNgrams && i + n <= tokens.size(); n++) {
                ngram = fnv(step(ngram, ' '), tokens.get(i + n - 1));
                counts.add(bucket(ngram));
            }
            if (token.length() <= LONGEST_WORD_FOR_SUBWORDS && Character.isLetter(token.charAt(0))) {
                addCharNgrams(counts, token);
            }
        }
        return counts.toFeatures();
    }

    /** The n-grams of the token wrapped in '<' and '>', hashed as they are read, without building the wrapped word. */
    private void addCharNgrams(final FeatureCounts counts, final String token) {
        final int wrappedLength = token.length() + 2;
        for (int n = charNgramMin; n <= charNgramMax; n++) {
            for (int start = 0; start + n <= wrappedLength; start++) {
                long hash = CHAR;
                for (int i = start; i < start + n; i++) {
                    hash = step(hash, i == 0 ? '<' : i == wrappedLength - 1 ? '>' : token.charAt(i - 1));
                }
                counts.add(bucket(hash));
            }
        }
    }

    private long bucket(final long hash) {
        return 1 + Long.remainderUnsigned(hash, buckets - 1);
    }

    /** 64-bit FNV-1a over the UTF-16 units of {@code text}, continuing from {@code state}. */
    private static long fnv(final long state, final String text) {
        long hash = state;
        for (int i = 0; i < text.length(); i++) {
            hash = step(hash, text.charAt(i));
        }
        return hash;
    }

    private static long step(final long state, final char unit) {
        return (state ^ unit) * FNV_PRIME;
    }

    /**
     * Counts per feature id in order of first appearance, the first {@code max} distinct ids only: an
     * open-addressing table of ids, each pointing at its place in the order.
     */
    private static final class FeatureCounts {
        private final long[] ids;
        private final float[] counts;
        private final long[] table;
        private final int[] places;
        private int size;
        private int total;

        FeatureCounts(final int max) {
            this.ids = new long[max];
            this.counts = new float[max];
            final int capacity = Integer.highestOneBit(Math.max(1, max)) * 4;
            this.table = new long[capacity];
            this.places = new int[capacity];
        }

        /** Ids are at least 1, so 0 marks a free slot. */
        void add(final long id) {
            final int mask = table.length - 1;
            final long mixed = id * 0x9e3779b97f4a7c15L;
            int slot = (int) (mixed ^ mixed >>> 32) & mask;
            while (table[slot] != 0) {
                if (table[slot] == id) {
                    counts[places[slot]]++;
                    total++;
                    return;
                }
                slot = (slot + 1) & mask;
            }
            if (size < ids.length) {
                table[slot] = id;
                places[slot] = size;
                ids[size] = id;
                counts[size] = 1;
                size++;
                total++;
            }
        }

        TextFeatures toFeatures() {
            for (int i = 0; i < size; i++) {
                counts[i] /= total;
            }
            return new TextFeatures(ids, counts);
        }
    }

    private static List<String> tokens(final String text) {
        final List<String> tokens = new ArrayList<>();
        final Matcher matcher = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }
}
