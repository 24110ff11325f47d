package io.labelstream.platform.clients;

import java.util.concurrent.TimeUnit;

/** Spaces calls evenly at a rate per second; a rate of zero or less does not wait. */
final class Pacer {

    private final long intervalNanos;
    private long next = System.nanoTime();

    Pacer(final double perSecond) {
        this.intervalNanos = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
    }

    void awaitTurn() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        final long wait = next - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        next = Math.max(next, System.nanoTime() - intervalNanos) + intervalNanos;
    }
}
