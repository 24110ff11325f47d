package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.schemas.events.ItemKind;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NearDuplicateIndexTest {

    private static final int MAX_DISTANCE = 4;

    private NearDuplicateIndex index;

    @BeforeEach
    void openAStore() {
        final KeyValueStore<String, SeenItem> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("seen"), Serdes.String(), SeenItemSerde.create())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        index = new NearDuplicateIndex(store);
    }

    @Test
    void shouldFindEveryHashWithinTheDistanceWhicheverBlocksTheDifferingBitsFallIn() {
        final Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            final long seen = random.nextLong();
            index.add("p", ItemKind.text, seen, MAX_DISTANCE, new SeenItem("seen-" + trial, 100));
            final int distance = trial % (MAX_DISTANCE + 1);
            final long probe = flipDistinctBits(seen, distance, random);

            assertThat(index.nearest("p", ItemKind.text, "probe", probe, MAX_DISTANCE, 0))
                    .as("trial %d at distance %d", trial, distance)
                    .contains(new NearDuplicateIndex.Match("seen-" + trial, distance));
        }
    }

    @Test
    void shouldNotMatchBeyondTheDistanceOrAcrossProjectsKindsOrTheRetention() {
        final long seen = 0x0123456789abcdefL;
        index.add("p", ItemKind.text, seen, MAX_DISTANCE, new SeenItem("seen", 100));

        assertThat(index.nearest("p", ItemKind.text, "x", seen ^ 0b11111, MAX_DISTANCE, 0)).isEmpty();
        assertThat(index.nearest("q", ItemKind.text, "x", seen, MAX_DISTANCE, 0)).isEmpty();
        assertThat(index.nearest("p", ItemKind.image, "x", seen, MAX_DISTANCE, 0)).isEmpty();
        assertThat(index.nearest("p", ItemKind.text, "x", seen, MAX_DISTANCE, 101)).isEmpty();
    }

    @Test
    void shouldPreferTheSameItemOverAnotherWithAnEqualHash() {
        final long hash = 42;
        index.add("p", ItemKind.text, hash, MAX_DISTANCE, new SeenItem("other", 100));
        index.add("p", ItemKind.text, hash, MAX_DISTANCE, new SeenItem("same", 100));
        index.add("p", ItemKind.text, hash ^ 1, MAX_DISTANCE, new SeenItem("close", 100));

        assertThat(index.nearest("p", ItemKind.text, "same", hash, MAX_DISTANCE, 0))
                .contains(new NearDuplicateIndex.Match("same", 0));
        assertThat(index.nearest("p", ItemKind.text, "new", hash ^ 1, MAX_DISTANCE, 0))
                .contains(new NearDuplicateIndex.Match("close", 0));
    }

    private static long flipDistinctBits(final long hash, final int bits, final Random random) {
        long flipped = hash;
        while (Long.bitCount(flipped ^ hash) < bits) {
            flipped ^= 1L << random.nextInt(64);
        }
        return flipped;
    }
}
