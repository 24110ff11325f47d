package io.labelstream.ml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.StackBatchifier;
import io.labelstream.ml.InputSpec;
import io.labelstream.ml.OfflineEngine;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextFeaturizerTest {

    private final TextFeaturizer featurizer = new TextFeaturizer(InputSpec.text(1 << 12, 64));

    @Test
    void shouldGiveTheSameFeaturesForTheSameTextWithWeightsThatSumToOne() {
        final TextFeatures first = featurizer.fromText("Free MONEY!!! Click now");
        final TextFeatures second = featurizer.fromText("free money!!! click now");

        assertThat(first.ids()).isNotEmpty().isEqualTo(second.ids());
        assertThat(first.weights()).isEqualTo(second.weights());
        assertThat(first.width()).isEqualTo(64);
        double sum = 0;
        for (int i = 0; i < first.ids().length; i++) {
            assertThat(first.ids()[i]).isBetween(1L, (long) (1 << 12) - 1);
            assertThat(first.weights()[i]).isPositive();
            sum += first.weights()[i];
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void shouldKeepAtMostTheConfiguredNumberOfFeatures() {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("word").append(i).append(' ');
        }
        final TextFeatures features = featurizer.fromText(text.toString());
        assertThat(features.ids()).hasSize(64).doesNotContain(0L);
    }

    @Test
    void shouldMapEmptyTextToNoFeatures() {
        final TextFeatures features = featurizer.fromText("");
        assertThat(features.ids()).isEmpty();
        assertThat(features.weights()).isEmpty();
    }

    @Test
    void shouldPadToTheModelsWidthWithIdAndWeightZero() {
        final TextFeatures features = featurizer.fromText("Free MONEY!!! Click now");
        try (NDManager manager = OfflineEngine.pytorch().newBaseManager()) {
            final NDList arrays = features.toNDList(manager);

            final long[] ids = arrays.get(0).toLongArray();
            final float[] weights = arrays.get(1).toFloatArray();
            assertThat(ids).hasSize(64).startsWith(features.ids());
            assertThat(weights).hasSize(64).startsWith(features.weights());
            for (int i = features.ids().length; i < 64; i++) {
                assertThat(ids[i]).isZero();
                assertThat(weights[i]).isZero();
            }
        }
    }

    @Test
    void shouldFeaturizeABatchAsTheStackOfItsItemsPaddedFeatures() {
        final StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            longText.append("word").append(i).append(' ');
        }
        final List<CleanItem> items = List.of(item("a", "Free MONEY!!! Click now"), item("b", ""),
                item("c", longText.toString()), item("d", "Grüße 😀 日本語"));
        try (NDManager manager = OfflineEngine.pytorch().newBaseManager()) {
            final NDList batch = featurizer.featurizeBatch(items, manager);
            final NDList stacked = new StackBatchifier().batchify(items.stream()
                    .map(item -> featurizer.featurize(item).toNDList(manager)).toArray(NDList[]::new));

            assertThat(batch.get(0).getShape()).isEqualTo(new Shape(4, 64));
            assertThat(batch.get(1).getShape()).isEqualTo(new Shape(4, 64));
            assertThat(batch.get(0).toLongArray()).isEqualTo(stacked.get(0).toLongArray());
            assertThat(batch.get(1).toFloatArray()).isEqualTo(stacked.get(1).toFloatArray());
        }
    }

    @Test
    void shouldRefuseABatchWithAnItemWithoutTextNamingTheItem() {
        try (NDManager manager = OfflineEngine.pytorch().newBaseManager()) {
            assertThatThrownBy(() -> featurizer.featurizeBatch(List.of(item("a", "hello"), item("b", null)), manager))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("text item b has no text");
        }
    }

    private static CleanItem item(final String id, final String text) {
        return new CleanItem(1, id, "demo", ItemKind.text, text, null, null, null, null, "en", null, null, null, null);
    }

    @Test
    void shouldGiveTheFeaturesOfTheDefinitionOnRandomTexts() {
        final String[] pieces = {"free", "Money", "CLICK", "now", "x", "ab", "42", "3.5", "$", "!", "!!!", "<", ">",
                "é", "Grüße", "İ", "ß", "😀", "\ud835", "\u0001", "-", " ", "  ", "\n", "\t", "\u00a0",
                "supercalifragilisticexpialidocious-and-then-some", "a".repeat(31), "b".repeat(30), "日本語", "\u2167", "½",
                "x\u000by", "\f", "\r\n", "\ud835\udc00bc", "٣٤", "\u0301"};
        final Random random = new Random(3);
        for (final int[] sizes : new int[][] {{1 << 16, 8}, {1 << 16, 64}, {1 << 16, 1024}, {1 << 20, 64},
                {1 << 20, 1024}}) {
            final InputSpec input = InputSpec.text(sizes[0], sizes[1]);
            final TextFeaturizer under = new TextFeaturizer(input);
            for (int sample = 0; sample < 500; sample++) {
                final StringBuilder text = new StringBuilder();
                final int length = random.nextInt(80);
                for (int i = 0; i < length; i++) {
                    text.append(pieces[random.nextInt(pieces.length)]).append(random.nextInt(3) == 0 ? "" : " ");
                }
                final TextFeatures expected = byDefinition(input, text.toString());
                final TextFeatures actual = under.fromText(text.toString());

                assertThat(actual.ids()).as("%s", text).isEqualTo(expected.ids());
                assertThat(actual.weights()).as("%s", text).isEqualTo(expected.weights());
            }
        }
    }

    /** The features as the class comment defines them, one string per feature. */
    private static TextFeatures byDefinition(final InputSpec input, final String text) {
        final List<String> tokens = new ArrayList<>();
        final Matcher matcher = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]")
                .matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        final List<String> features = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            features.add("w\u0001" + tokens.get(i));
            final StringBuilder ngram = new StringBuilder(tokens.get(i));
            for (int n = 2; n <= input.wordNgrams() && i + n <= tokens.size(); n++) {
                ngram.append(' ').append(tokens.get(i + n - 1));
                features.add("n\u0001" + ngram);
            }
            if (tokens.get(i).length() <= 30 && Character.isLetter(tokens.get(i).charAt(0))) {
                final String wrapped = "<" + tokens.get(i) + ">";
                for (int n = input.charNgramMin(); n <= input.charNgramMax(); n++) {
                    for (int start = 0; start + n <= wrapped.length(); start++) {
                        features.add("c\u0001" + wrapped.substring(start, start + n));
                    }
                }
            }
        }
        final Map<Long, Integer> counts = new LinkedHashMap<>();
        for (final String feature : features) {
            long hash = 0xcbf29ce484222325L;
            for (int i = 0; i < feature.length(); i++) {
                hash = (hash ^ feature.charAt(i)) * 0x100000001b3L;
            }
            final long id = 1 + Long.remainderUnsigned(hash, input.buckets() - 1);
            if (counts.containsKey(id) || counts.size() < input.maxFeatures()) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        final long[] ids = new long[counts.size()];
        final float[] weights = new float[counts.size()];
        final int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int slot = 0;
        for (final Map.Entry<Long, Integer> entry : counts.entrySet()) {
            ids[slot] = entry.getKey();
            weights[slot++] = (float) entry.getValue() / total;
        }
        return new TextFeatures(ids, weights, input.maxFeatures());
    }
}
