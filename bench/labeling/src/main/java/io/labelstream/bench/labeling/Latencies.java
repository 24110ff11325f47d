package io.labelstream.bench.labeling;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicInteger;

/** Latency samples in microseconds, collected from many threads; percentiles by sorting at the end. */
final class Latencies {

    private final AtomicLongArray samples;
    private final AtomicInteger count = new AtomicInteger();

    Latencies(final int capacity) {
        this.samples = new AtomicLongArray(capacity);
    }

    void record(final long startNanos) {
        final int index = count.getAndIncrement();
        if (index < samples.length()) {
            samples.set(index, (System.nanoTime() - startNanos) / 1_000);
        }
    }

    int count() {
        return Math.min(count.get(), samples.length());
    }

    double percentileMillis(final double percentile) {
        final int n = count();
        if (n == 0) {
            return Double.NaN;
        }
        final long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = samples.get(i);
        }
        Arrays.sort(sorted);
        final int rank = (int) Math.ceil(percentile / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))] / 1000.0;
    }

    String summary() {
        return String.format("p50 %.2f ms, p99 %.2f ms (n=%d)", percentileMillis(50), percentileMillis(99), count());
    }
}
