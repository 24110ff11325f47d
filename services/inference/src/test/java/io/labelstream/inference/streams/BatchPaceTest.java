package io.labelstream.inference.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BatchPaceTest {

    private static final long MILLI = 1_000_000;

    private final BatchPace pace = new BatchPace(512, Duration.ofMillis(75));

    @Test
    void shouldAllowAFullBatchBeforeAnyBatchWasTimed() {
        assertThat(pace.limit()).isEqualTo(512);
    }

    @Test
    void shouldCutBatchesAtWhatTheBudgetPredicts() {
        pace.record(100, 100 * MILLI);

        assertThat(pace.limit()).isEqualTo(75);
    }

    @Test
    void shouldKeepTheLimitBetweenOneItemAndMaxSize() {
        pace.record(1, 1_000 * MILLI);
        assertThat(pace.limit()).isEqualTo(1);

        final BatchPace fast = new BatchPace(512, Duration.ofMillis(75));
        fast.record(512, 5 * MILLI);
        assertThat(fast.limit()).isEqualTo(512);
    }

    @Test
    void shouldCatchUpWithinAFewBatchesWhenLargerBatchesCostLessPerItem() {
        pace.record(1, 2 * MILLI);
        assertThat(pace.limit()).isEqualTo(37);

        int batches = 0;
        while (pace.limit() < 512 && batches < 10) {
            // a fixed cost per batch and 60 µs per item, like the text model on two cores
            final int size = pace.limit();
            pace.record(size, MILLI + size * 60_000L);
            batches++;
        }

        assertThat(pace.limit()).isEqualTo(512);
        assertThat(batches).isLessThanOrEqualTo(5);
    }
}
