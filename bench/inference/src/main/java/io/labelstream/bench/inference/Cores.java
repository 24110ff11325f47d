package io.labelstream.bench.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Confines the service's threads, and the ceiling's, to half of the machine's cores, as a container's CPU set would
 * confine the service in production; everything that runs elsewhere there (the broker, the load generator, the
 * downstream reader) and the JVM's own collector and compiler threads may run on any core. A thread inherits the
 * cores of the thread that starts it, so the main thread moves to the service's cores only while it starts the
 * service's threads or the ceiling's. While the service drains a backlog or serves a paced load, the threads that
 * run elsewhere in production move to the other cores, so that the service has its cores to itself, as the ceiling
 * has. Linux only ({@code taskset}).
 */
final class Cores {

    private final boolean split;
    private final String serviceCores;
    private final String otherCores;
    private final String allCores;
    private final int serviceCount;

    private Cores(final boolean split, final int total) {
        this.split = split && total > 1;
        this.serviceCount = this.split ? total / 2 : total;
        this.serviceCores = range(0, serviceCount - 1);
        this.otherCores = range(serviceCount, total - 1);
        this.allCores = range(0, total - 1);
    }

    /** A range of cores as the kernel lists it in a thread's {@code Cpus_allowed_list}. */
    private static String range(final int first, final int last) {
        return first == last ? Integer.toString(first) : first + "-" + last;
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

    /**
     * Runs {@code phase} with the service's cores left to the service: every thread that may run on any core moves
     * to the other cores meanwhile, and the threads it starts stay there with it. That includes the JIT compilers:
     * once the service is warm they compile the broker's code, which in production has a JVM of its own. The
     * collector's threads stay where they are, since much of what they collect is the service's.
     */
    <T> T withServiceCoresToItself(final Callable<T> phase) throws Exception {
        if (!split) {
            return phase.call();
        }
        pin(threadsOn(allCores), otherCores);
        try {
            return phase.call();
        } finally {
            pin(threadsOn(otherCores), allCores);
        }
    }

    /** Ids of this process's threads allowed on exactly {@code cores}, the collector's left out. */
    private static List<String> threadsOn(final String cores) {
        final List<String> threadIds = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (final Path task : tasks) {
                final List<String> status;
                try {
                    status = Files.readAllLines(task.resolve("status"));
                } catch (final IOException ended) {
                    continue;
                }
                if (cores.equals(field(status, "Cpus_allowed_list:"))
                        && ThreadGroupCpu.Group.of(field(status, "Name:")) != ThreadGroupCpu.Group.GC) {
                    threadIds.add(task.getFileName().toString());
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return threadIds;
    }

    private static String field(final List<String> status, final String key) {
        return status.stream().filter(line -> line.startsWith(key)).map(line -> line.substring(key.length()).trim())
                .findFirst().orElse("");
    }

    /**
     * One {@code taskset} per thread, from one shell; a thread that ended meanwhile (such as a process reaper of an
     * earlier {@code taskset}) is passed over, any other failure fails the move.
     */
    private static void pin(final List<String> threadIds, final String cores) {
        if (threadIds.isEmpty()) {
            return;
        }
        final List<String> command = new ArrayList<>(List.of("sh", "-c",
                "for thread; do taskset -p -c " + cores + " \"$thread\" >/dev/null 2>&1 || ! [ -e /proc/\"$thread\" ] "
                        + "|| exit 1; done", "sh"));
        command.addAll(threadIds);
        run(command, "move " + threadIds.size() + " threads to cores " + cores);
    }

    private static void pinCurrentThread(final String cores) {
        try {
            final String threadId = Path.of("/proc/thread-self").toRealPath().getFileName().toString();
            run(List.of("taskset", "-p", "-c", cores, threadId), "move thread " + threadId + " to cores " + cores);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(final List<String> command, final String what) {
        try {
            final Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("could not " + what);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
