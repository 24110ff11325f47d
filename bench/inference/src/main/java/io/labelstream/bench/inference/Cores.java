package io.labelstream.bench.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Confines the service's threads, and the ceiling's, to half of the machine's cores, as a container's CPU set would
 * confine the service in production; everything that runs elsewhere there (the broker, the load generator, the
 * downstream reader) and the JVM's own collector and compiler threads may run on any core. A thread inherits the
 * cores of the thread that starts it, so the main thread moves to the service's cores only while it starts the
 * service's threads or the ceiling's. Linux only ({@code taskset}).
 */
final class Cores {

    private final boolean split;
    private final String serviceCores;
    private final String allCores;
    private final int serviceCount;

    private Cores(final boolean split, final int total) {
        this.split = split && total > 1;
        this.serviceCount = this.split ? total / 2 : total;
        this.serviceCores = "0-" + (serviceCount - 1);
        this.allCores = "0-" + (total - 1);
    }

    /** The service and the ceiling on the first half of this machine's cores. */
    static Cores split() {
        return new Cores(true, Runtime.getRuntime().availableProcessors());
    }

    /** Every thread on every core, the service's predictors one per core. */
    static Cores shared() {
        return new Cores(false, Runtime.getRuntime().availableProcessors());
    }

    /** Cores the service and the ceiling run on, one predictor each. */
    int serviceCount() {
        return serviceCount;
    }

    /** Runs {@code start} on the service's cores, so that the threads it starts stay there. */
    <T> T onServiceCores(final Callable<T> start) throws Exception {
        if (!split) {
            return start.call();
        }
        pinCurrentThread(serviceCores);
        try {
            return start.call();
        } finally {
            pinCurrentThread(allCores);
        }
    }

    private static void pinCurrentThread(final String cores) {
        try {
            final String threadId = Path.of("/proc/thread-self").toRealPath().getFileName().toString();
            final Process taskset = new ProcessBuilder("taskset", "-p", "-c", cores, threadId)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            if (taskset.waitFor() != 0) {
                throw new IllegalStateException("taskset could not move thread " + threadId + " to cores " + cores);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving a thread to cores " + cores, e);
        }
    }
}
