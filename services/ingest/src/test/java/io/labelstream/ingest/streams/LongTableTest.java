package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongTableTest {

    @Test
    void shouldBehaveLikeAMapThroughManyPutsAndRemovesOfCollidingKeys() {
        final Random random = new Random(7);
        final NearDuplicateIndex.LongTable<String> table = new NearDuplicateIndex.LongTable<>();
        final Map<Long, String> expected = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            // few distinct keys, so that probe runs are long and removals shift entries across them
            final long key = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(200) - 100;
            if (random.nextInt(3) == 0) {
                assertThat(table.remove(key)).as("remove %d at step %d", key, step).isEqualTo(expected.remove(key));
            } else {
                final String value = "v" + step;
                assertThat(table.put(key, value)).as("put %d at step %d", key, step)
                        .isEqualTo(expected.put(key, value));
            }
            assertThat(table.size()).isEqualTo(expected.size());
        }
        for (final Map.Entry<Long, String> entry : expected.entrySet()) {
            assertThat(table.get(entry.getKey())).isEqualTo(entry.getValue());
        }
        assertThat(table.keysWhere(value -> true)).hasSize(expected.size());
    }

    @Test
    void shouldListTheKeysWhoseValuesMatch() {
        final NearDuplicateIndex.LongTable<String> table = new NearDuplicateIndex.LongTable<>();
        table.put(0, "keep");
        table.put(-1, "drop");
        table.put(Long.MIN_VALUE, "drop");

        assertThat(table.keysWhere("drop"::equals)).containsExactlyInAnyOrder(-1L, Long.MIN_VALUE);
        assertThat(table.get(0)).isEqualTo("keep");
        assertThat(table.get(1)).isNull();
        assertThat(table.remove(1)).isNull();
    }

    @Test
    void shouldRefuseNullValues() {
        assertThatThrownBy(() -> new NearDuplicateIndex.LongTable<String>().put(1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
