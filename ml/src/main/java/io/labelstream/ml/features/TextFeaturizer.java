package io.labelstream.ml.features;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.labelstream.ml.InputSpec;
import io.labelstream.schemas.events.CleanItem;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * fastText-style features: lower-cased word tokens (runs of letters or digits, and each other visible character on
 * its own, so that "$" and "!" count), word n-grams up to {@code wordNgrams}, and character n-grams of each word
 * wrapped in {@code <} and {@code >}. Each feature is hashed (64-bit FNV-1a) into {@code buckets - 1} slots; id 0 is
 * padding. Weights are relative counts, so the embedding bag computes a mean. Features beyond {@code maxFeatures}
 * distinct ids are dropped in order of first appearance.
 */
public final class TextFeaturizer implements Featurizer {

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final int LONGEST_WORD_FOR_SUBWORDS = 30;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** FNV-1a states after each kind's prefix ("w", "n" or "c", then U+0001), which keeps the kinds' ids apart. */
    private static final long WORD = prefix('w');
    private static final long NGRAM = prefix('n');
    private static final long CHAR = prefix('c');

    private final UnsignedRemainder bucketOf;
    private final int idSpace;
    private final int maxFeatures;
    private final int wordNgrams;
    private final int charNgramMin;
    private final int charNgramMax;
    private final int maxChars;

    public TextFeaturizer(final InputSpec input) {
        this.bucketOf = new UnsignedRemainder(input.buckets() - 1);
        this.idSpace = input.buckets();
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
        return fromText(textOf(item));
    }

    /** Rows of {@code maxFeatures} ids and weights, each written straight from this thread's counts. */
    @Override
    public NDList featurizeBatch(final List<CleanItem> items, final NDManager manager) {
        final Scratch scratch = SCRATCH.get();
        return TextFeatures.padded(manager, new Shape(items.size(), maxFeatures), (ids, weights) -> {
            for (int row = 0; row < items.size(); row++) {
                count(textOf(items.get(row)), scratch).writeTo(ids, weights, row * maxFeatures);
            }
        });
    }

    private static String textOf(final CleanItem item) {
        if (item.text() == null) {
            throw new IllegalArgumentException("text item " + item.itemId() + " has no text");
        }
        return item.text();
    }

    public TextFeatures fromText(final String text) {
        return count(text, SCRATCH.get()).toFeatures();
    }

    /**
     * The text's features, counted in this thread's working space: valid until the thread's next text. The text is
     * read from a char array rather than the string, whose every {@code charAt} checks its bounds and encoding.
     */
    private FeatureCounts count(final String text, final Scratch scratch) {
        final String lowerCased = (text.length() > maxChars ? text.substring(0, maxChars) : text)
                .toLowerCase(Locale.ROOT);
        final char[] lower = scratch.chars(lowerCased);
        final Tokens tokens = scratch.tokens.of(lower, lowerCased.length());
        final FeatureCounts counts = scratch.counts(maxFeatures, idSpace);
        for (int i = 0; i < tokens.size; i++) {
            final int start = tokens.starts[i];
            final int end = tokens.ends[i];
            counts.add(bucket(fnv(WORD, lower, start, end)));
            long ngram = fnv(NGRAM, lower, start, end);
            for (int n = 2; n <= wordNgrams && i + n <= tokens.size; n++) {
                ngram = fnv(step(ngram, ' '), lower, tokens.starts[i + n - 1], tokens.ends[i + n - 1]);
                counts.add(bucket(ngram));
            }
            if (end - start <= LONGEST_WORD_FOR_SUBWORDS && Character.isLetter(lower[start])) {
                addCharNgrams(counts, scratch.subwords, lower, start, end);
            }
        }
        return counts;
    }

    /**
     * The n-grams of a word wrapped in '<' and '>', shortest first and each length in order of position. Each start
     * position is hashed once up to the longest n-gram, the hash of every length taken on the way, and the counts
     * are then added in the order above.
     */
    private void addCharNgrams(final FeatureCounts counts, final Subwords subwords, final char[] text,
            final int start, final int end) {
        final int wrappedLength = end - start + 2;
        final char[] wrapped = subwords.wrapped;
        wrapped[0] = '<';
        System.arraycopy(text, start, wrapped, 1, end - start);
        wrapped[wrappedLength - 1] = '>';
        final long[] hashes = subwords.hashes(charNgramMax - charNgramMin + 1);
        for (int from = 0; from + charNgramMin <= wrappedLength; from++) {
            final int longest = Math.min(charNgramMax, wrappedLength - from);
            long hash = CHAR;
            for (int n = 1; n <= longest; n++) {
                hash = step(hash, wrapped[from + n - 1]);
                if (n >= charNgramMin) {
                    hashes[(n - charNgramMin) * Subwords.LONGEST_WRAPPED + from] = hash;
                }
            }
        }
        for (int n = charNgramMin; n <= charNgramMax; n++) {
            final int row = (n - charNgramMin) * Subwords.LONGEST_WRAPPED;
            for (int from = 0; from + n <= wrappedLength; from++) {
                counts.add(bucket(hashes[row + from]));
            }
        }
    }

    private long bucket(final long hash) {
        return 1 + bucketOf.of(hash);
    }

    /** 64-bit FNV-1a over the UTF-16 units of {@code text} from {@code start} to {@code end}, from {@code state}. */
    private static long fnv(final long state, final char[] text, final int start, final int end) {
        long hash = state;
        for (int i = start; i < end; i++) {
            hash = step(hash, text[i]);
        }
        return hash;
    }

    private static long step(final long state, final char unit) {
        return (state ^ unit) * FNV_PRIME;
    }

    /**
     * Per-thread working space: a text's features are counted in a table that is cleared after use rather than
     * allocated per text (some 50 KB for the default 1,024 features, most of what featurizing allocated).
     */
    private static final class Scratch {
        final Tokens tokens = new Tokens();
        final Subwords subwords = new Subwords();
        FeatureCounts counts;
        private char[] chars = new char[4096];

        /** The text's UTF-16 units, at the start of an array that may be longer. */
        char[] chars(final String text) {
            if (chars.length < text.length()) {
                chars = new char[Math.max(text.length(), chars.length * 2)];
            }
            text.getChars(0, text.length(), chars, 0);
            return chars;
        }

        /** An empty table, also after a text whose featurizing was cut short. */
        FeatureCounts counts(final int max, final int idSpace) {
            if (counts == null || counts.max != max || counts.idSpace != idSpace) {
                counts = new FeatureCounts(max, idSpace);
            }
            counts.clear();
            return counts;
        }
    }

    /** A wrapped word and the hashes of its character n-grams, one row of start positions per length. */
    private static final class Subwords {
        static final int LONGEST_WRAPPED = LONGEST_WORD_FOR_SUBWORDS + 2;

        final char[] wrapped = new char[LONGEST_WRAPPED];
        private long[] hashes = new long[0];

        long[] hashes(final int lengths) {
            if (hashes.length < lengths * LONGEST_WRAPPED) {
                hashes = new long[lengths * LONGEST_WRAPPED];
            }
            return hashes;
        }
    }

    /**
     * Counts per feature id in order of first appearance, the first {@code max} distinct ids only. Each id's place in
     * that order is found in an array indexed by the id itself when the ids are few enough (the default 65,536 take
     * 256 KiB per thread), which featurized the benchmark's texts in a fifth less time than hashing them; otherwise
     * in an open-addressing table of ids.
     */
    private static final class FeatureCounts {
        /** The most ids indexed directly: 512 KiB per thread. */
        private static final int LARGEST_DIRECT_ID_SPACE = 1 << 17;

        private final int max;
        private final int idSpace;
        /** Place + 1 by id, 0 for an id not seen; null when the ids are hashed instead. */
        private final int[] placeById;
        private final long[] table;
        private final int[] places;
        private final long[] ids;
        private final int[] counts;
        private final int[] usedSlots;
        private int size;
        private int total;

        FeatureCounts(final int max, final int idSpace) {
            this.max = max;
            this.idSpace = idSpace;
            this.placeById = idSpace <= LARGEST_DIRECT_ID_SPACE ? new int[idSpace] : null;
            final int capacity = placeById != null ? 0 : Integer.highestOneBit(Math.max(1, max)) * 4;
            this.table = new long[capacity];
            this.places = new int[capacity];
            this.ids = new long[max];
            this.counts = new int[max];
            this.usedSlots = new int[placeById != null ? 0 : max];
        }

        void add(final long id) {
            if (placeById != null) {
                addDirect((int) id);
            } else {
                addHashed(id);
            }
        }

        private void addDirect(final int id) {
            final int place = placeById[id];
            if (place != 0) {
                counts[place - 1]++;
                total++;
            } else if (size < max) {
                placeById[id] = size + 1;
                ids[size] = id;
                counts[size] = 1;
                size++;
                total++;
            }
        }

        /** Ids are at least 1, so 0 marks a free slot. */
        private void addHashed(final long id) {
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
            if (size < max) {
                table[slot] = id;
                places[slot] = size;
                usedSlots[size] = slot;
                ids[size] = id;
                counts[size] = 1;
                size++;
                total++;
            }
        }

        void clear() {
            for (int i = 0; i < size; i++) {
                if (placeById != null) {
                    placeById[(int) ids[i]] = 0;
                } else {
                    table[usedSlots[i]] = 0;
                }
            }
            size = 0;
            total = 0;
        }

        /** The features counted since the last {@link #clear()}. */
        TextFeatures toFeatures() {
            final float[] weights = new float[size];
            for (int i = 0; i < size; i++) {
                weights[i] = weight(i);
            }
            return new TextFeatures(Arrays.copyOf(ids, size), weights, max);
        }

        /** The same features into a row of a batch that starts at {@code offset}; the rest of the row stays as is. */
        void writeTo(final LongBuffer batchIds, final FloatBuffer batchWeights, final int offset) {
            batchIds.put(offset, ids, 0, size);
            for (int i = 0; i < size; i++) {
                batchWeights.put(offset + i, weight(i));
            }
        }

        private float weight(final int feature) {
            return (float) counts[feature] / total;
        }
    }

    /**
     * The tokens of a lower-cased text as offsets: runs of letters and digits ({@code \p{L}}, {@code \p{N}}), and
     * each other code point that is not white space ({@code \s}: space, tab, line feed, vertical tab, form feed,
     * carriage return) on its own, as the pattern {@code [\p{L}\p{N}]+|[^\s\p{L}\p{N}]} finds them.
     */
    private static final class Tokens {
        int[] starts = new int[256];
        int[] ends = new int[256];
        int size;

        Tokens of(final char[] text, final int length) {
            size = 0;
            int i = 0;
            while (i < length) {
                final int codePoint = Character.codePointAt(text, i, length);
                final int next = i + Character.charCount(codePoint);
                if (isWordPart(codePoint)) {
                    int end = next;
                    while (end < length) {
                        final int following = Character.codePointAt(text, end, length);
                        if (!isWordPart(following)) {
                            break;
                        }
                        end += Character.charCount(following);
                    }
                    add(i, end);
                    i = end;
                } else {
                    if (!isSpace(codePoint)) {
                        add(i, next);
                    }
                    i = next;
                }
            }
            return this;
        }

        private void add(final int start, final int end) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            size++;
        }

        private static boolean isWordPart(final int codePoint) {
            if (codePoint < 0x80) {
                return codePoint >= 'a' && codePoint <= 'z' || codePoint >= '0' && codePoint <= '9'
                        || codePoint >= 'A' && codePoint <= 'Z';
            }
            if (Character.isLetter(codePoint)) {
                return true;
            }
            final int type = Character.getType(codePoint);
            return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                    || type == Character.OTHER_NUMBER;
        }

        private static boolean isSpace(final int codePoint) {
            return codePoint == ' ' || codePoint >= '\t' && codePoint <= '\r';
        }
    }
}
