package io.labelstream.ml.features;

import io.labelstream.ml.InputSpec;
import io.labelstream.schemas.events.CleanItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    @Override
    public TextFeatures featurize(final CleanItem item) {
        if (item.text() == null) {
            throw new IllegalArgumentException("text item " + item.itemId() + " has no text");
        }
        return fromText(item.text());
    }

    public TextFeatures fromText(final String text) {
        final List<String> tokens = tokens(text.length() > maxChars ? text.substring(0, maxChars) : text);
        final Map<Long, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            final String token = tokens.get(i);
            add(counts, "w\u0001" + token);
            final StringBuilder ngram = new StringBuilder(token);
            for (int n = 2; n <= wordNgrams && i + n <= tokens.size(); n++) {
                ngram.append(' ').append(tokens.get(i + n - 1));
                add(counts, "n\u0001" + ngram);
            }
            if (token.length() <= LONGEST_WORD_FOR_SUBWORDS && Character.isLetter(token.charAt(0))) {
                final String wrapped = "<" + token + ">";
                for (int n = charNgramMin; n <= charNgramMax; n++) {
                    for (int start = 0; start + n <= wrapped.length(); start++) {
                        add(counts, "c\u0001" + wrapped.substring(start, start + n));
                    }
                }
            }
        }
        final long[] ids = new long[maxFeatures];
        final float[] weights = new float[maxFeatures];
        int total = 0;
        int slot = 0;
        for (final Map.Entry<Long, Integer> entry : counts.entrySet()) {
            ids[slot] = entry.getKey();
            weights[slot] = entry.getValue();
            total += entry.getValue();
            slot++;
        }
        for (int i = 0; i < slot; i++) {
            weights[i] /= total;
        }
        return new TextFeatures(ids, weights);
    }

    private void add(final Map<Long, Integer> counts, final String feature) {
        final long id = bucket(feature);
        final Integer count = counts.get(id);
        if (count != null) {
            counts.put(id, count + 1);
        } else if (counts.size() < maxFeatures) {
            counts.put(id, 1);
        }
    }

    private long bucket(final String feature) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < feature.length(); i++) {
            hash ^= feature.charAt(i);
            hash *= 0x100000001b3L;
        }
        return 1 + Long.remainderUnsigned(hash, buckets - 1);
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
