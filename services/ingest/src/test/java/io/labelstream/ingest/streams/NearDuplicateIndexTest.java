package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.labelstream.cleaning.SimilarityHash;
import io.labelstream.schemas.events.ItemKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NearDuplicateIndexTest {

    private static final int MAX_DISTANCE = 4;

    private KeyValueStore<String, SeenItem> store;
    private NearDuplicateIndex index;

    @BeforeEach
    void openAStore() {
        store = emptyStore();
        index = loadedFrom(store);
    }

    @Test
    void shouldFindEveryHashWithinTheDistanceWhicheverBlocksTheDifferingBitsFallIn() {
        final Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            final long seen = random.nextLong();
            index.add("p", ItemKind.text, h(seen), new SeenItem("seen-" + trial, 100));
            final int distance = trial % (MAX_DISTANCE + 1);
            final long probe = flipDistinctBits(seen, distance, random);

            assertThat(index.nearest("p", ItemKind.text, "probe", h(probe), 0))
                    .as("trial %d at distance %d", trial, distance)
                    .contains(new NearDuplicateIndex.Match("seen-" + trial, distance));
        }
    }

    @Test
    void shouldNotMatchBeyondTheDistanceOrAcrossProjectsKindsOrTheRetention() {
        final long seen = 0x0123456789abcdefL;
        index.add("p", ItemKind.text, h(seen), new SeenItem("seen", 100));

        assertThat(index.nearest("p", ItemKind.text, "x", h(seen ^ 0b11111), 0)).isEmpty();
        assertThat(index.nearest("q", ItemKind.text, "x", h(seen), 0)).isEmpty();
        assertThat(index.nearest("p", ItemKind.image, "x", h(seen), 0)).isEmpty();
        assertThat(index.nearest("p", ItemKind.text, "x", h(seen), 101)).isEmpty();
    }

    @Test
    void shouldUseTheDistanceOfTheKind() {
        final NearDuplicateIndex strictForImages = new NearDuplicateIndex(MAX_DISTANCE, 1);
        strictForImages.reload(store);
        strictForImages.add("p", ItemKind.text, h(0), new SeenItem("text", 100));
        strictForImages.add("p", ItemKind.image, image(0), new SeenItem("image", 100));

        assertThat(strictForImages.nearest("p", ItemKind.text, "x", h(0b111), 0))
                .contains(new NearDuplicateIndex.Match("text", 3));
        assertThat(strictForImages.nearest("p", ItemKind.image, "x", image(0b111), 0)).isEmpty();
        assertThat(strictForImages.nearest("p", ItemKind.image, "x", image(0b1), 0))
                .contains(new NearDuplicateIndex.Match("image", 1));
    }

    @Test
    void shouldFindImageHashesWithinTheDistanceInAnyOfTheirFourWords() {
        final NearDuplicateIndex images = new NearDuplicateIndex(MAX_DISTANCE, 24);
        images.reload(store);
        final SimilarityHash seen = SimilarityHash.of(0x0123456789abcdefL, -1L, 0L, 0x5555aaaa5555aaaaL);
        images.add("p", ItemKind.image, seen, new SeenItem("seen", 100));
        final long[] words = seen.words();
        for (int word = 0; word < words.length; word++) {
            words[word] ^= 0b111111L << (word * 7);
        }

        assertThat(images.nearest("p", ItemKind.image, "x", SimilarityHash.of(words), 0))
                .contains(new NearDuplicateIndex.Match("seen", 24));
        words[3] ^= 1L << 63;
        assertThat(images.nearest("p", ItemKind.image, "x", SimilarityHash.of(words), 0)).isEmpty();
        assertThat(loadedFrom(store).nearest("p", ItemKind.image, "seen", seen, 0))
                .contains(new NearDuplicateIndex.Match("seen", 0));
    }

    @Test
    void shouldMatchImageHashesOfAnEarlierWidthOnlyWhenEqual() {
        final NearDuplicateIndex images = new NearDuplicateIndex(MAX_DISTANCE, 24);
        images.reload(store);
        images.add("p", ItemKind.image, h(42), new SeenItem("earlier", 100));

        assertThat(images.nearest("p", ItemKind.image, "x", h(42 ^ 1), 0)).isEmpty();
        assertThat(images.nearest("p", ItemKind.image, "x", h(42), 0))
                .contains(new NearDuplicateIndex.Match("earlier", 0));
        assertThat(images.nearest("p", ItemKind.image, "x", image(42), 0)).as("another width").isEmpty();
    }

    @Test
    void shouldPreferTheSameItemOverAnotherWithAnEqualHash() {
        final long hash = 42;
        index.add("p", ItemKind.text, h(hash), new SeenItem("other", 100));
        index.add("p", ItemKind.text, h(hash), new SeenItem("same", 100));
        index.add("p", ItemKind.text, h(hash ^ 1), new SeenItem("close", 100));

        assertThat(index.nearest("p", ItemKind.text, "same", h(hash), 0))
                .contains(new NearDuplicateIndex.Match("same", 0));
        assertThat(index.nearest("p", ItemKind.text, "new", h(hash ^ 1), 0))
                .contains(new NearDuplicateIndex.Match("close", 0));
        assertThat(entries(store)).as("one entry per hash").hasSize(2);
    }

    @Test
    void shouldBreakTiesByTheFirstSharedBlockThenTheLowestHashWhateverTheOrderItemsCameIn() {
        final long lowBit = 1L;
        final long topBit = 1L << 63;
        final long secondBit = 1L << 62;
        for (final long[] order : new long[][] {{lowBit, topBit, secondBit}, {secondBit, topBit, lowBit}}) {
            final NearDuplicateIndex fresh = loadedFrom(emptyStore());
            for (final long hash : order) {
                fresh.add("p", ItemKind.text, h(hash), new SeenItem(Long.toHexString(hash), 100));
            }

            // all three are 1 bit from 0; the low bit's item differs from it in block 0, the other two share it
            assertThat(fresh.nearest("p", ItemKind.text, "x", h(0), 0))
                    .contains(new NearDuplicateIndex.Match(Long.toHexString(secondBit), 1));
        }
    }

    @Test
    void shouldFindWhatAStoreAlreadyHeldWhenLoadedFromIt() {
        final long hash = 0x0123456789abcdefL;
        index.add("p", ItemKind.text, h(hash), new SeenItem("kept", 100));
        index.add("p|with|bars", ItemKind.image, h(hash), new SeenItem("barred", 100));
        index.add("p", ItemKind.text, h(~hash), new SeenItem("expired", 10));

        final NearDuplicateIndex restarted = loadedFrom(store);

        assertThat(restarted.size()).isEqualTo(3);
        assertThat(restarted.nearest("p", ItemKind.text, "kept", h(hash), 50))
                .contains(new NearDuplicateIndex.Match("kept", 0));
        assertThat(restarted.nearest("p", ItemKind.text, "x", h(hash ^ 0b101), 50))
                .contains(new NearDuplicateIndex.Match("kept", 2));
        assertThat(restarted.nearest("p|with|bars", ItemKind.image, "x", h(hash), 50))
                .contains(new NearDuplicateIndex.Match("barred", 0));
        assertThat(restarted.nearest("p", ItemKind.text, "x", h(~hash), 50)).as("expired").isEmpty();
        assertThat(restarted.nearest("p", ItemKind.text, "x", h(~hash), 0))
                .contains(new NearDuplicateIndex.Match("expired", 0));
    }

    @Test
    void shouldHoldExactlyTheStoreAfterEveryReload() {
        index.add("p", ItemKind.text, h(1), new SeenItem("committed", 100));
        final KeyValueStore<String, SeenItem> lastCommit = emptyStore();
        entries(store).forEach(entry -> lastCommit.put(entry.key, entry.value));
        index.add("p", ItemKind.text, h(2), new SeenItem("aborted", 100));

        index.reload(lastCommit);
        index.reload(lastCommit);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.nearest("p", ItemKind.text, "x", h(1), 0))
                .contains(new NearDuplicateIndex.Match("committed", 0));
        assertThat(index.nearest("p", ItemKind.text, "x", h(2), 0))
                .as("not remembered since the last commit")
                .contains(new NearDuplicateIndex.Match("committed", 2));
        index.forgetExpired(101);
        assertThat(index.size()).isZero();
        assertThat(entries(lastCommit)).isEmpty();
    }

    @Test
    void shouldForgetExpiredItemsInTheStoreAndInMemory() {
        final long old = 0x00ff00ff00ff00ffL;
        final long recent = ~old;
        index.add("p", ItemKind.text, h(old), new SeenItem("old", 100));
        index.add("p", ItemKind.text, h(recent), new SeenItem("recent", 200));
        index.add("q", ItemKind.image, h(old), new SeenItem("old-image", 100));

        index.forgetExpired(150);

        assertThat(index.size()).isEqualTo(1);
        assertThat(entries(store)).extracting(entry -> entry.value.itemId()).containsExactly("recent");
        assertThat(index.nearest("p", ItemKind.text, "x", h(old), 0)).isEmpty();
        assertThat(index.nearest("q", ItemKind.image, "x", h(old), 0)).isEmpty();
        assertThat(index.nearest("p", ItemKind.text, "x", h(recent ^ 1), 0))
                .contains(new NearDuplicateIndex.Match("recent", 1));
        assertThat(loadedFrom(store).size()).isEqualTo(1);

        index.add("p", ItemKind.text, h(old), new SeenItem("old-again", 300));
        assertThat(index.nearest("p", ItemKind.text, "x", h(old), 0))
                .contains(new NearDuplicateIndex.Match("old-again", 0));
    }

    @Test
    void shouldRefuseAStoreKeyItDidNotWrite() {
        store.put("no-separators", new SeenItem("x", 1));

        assertThatThrownBy(() -> loadedFrom(store)).isInstanceOf(IllegalStateException.class);
    }

    private static SimilarityHash image(final long firstWord) {
        return SimilarityHash.of(firstWord, 0, 0, 0);
    }

    private static SimilarityHash h(final long word) {
        return SimilarityHash.of(word);
    }

    private static NearDuplicateIndex loadedFrom(final KeyValueStore<String, SeenItem> store) {
        final NearDuplicateIndex index = new NearDuplicateIndex(MAX_DISTANCE, MAX_DISTANCE);
        index.reload(store);
        return index;
    }

    static KeyValueStore<String, SeenItem> emptyStore() {
        final KeyValueStore<String, SeenItem> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("seen"), Serdes.String(), SeenItemSerde.create())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static List<KeyValue<String, SeenItem>> entries(final KeyValueStore<String, SeenItem> store) {
        final List<KeyValue<String, SeenItem>> entries = new ArrayList<>();
        try (KeyValueIterator<String, SeenItem> all = store.all()) {
            all.forEachRemaining(entries::add);
        }
        return entries;
    }

    private static long flipDistinctBits(final long hash, final int bits, final Random random) {
        long flipped = hash;
        while (Long.bitCount(flipped ^ hash) < bits) {
            flipped ^= 1L << random.nextInt(64);
        }
        return flipped;
    }
}
