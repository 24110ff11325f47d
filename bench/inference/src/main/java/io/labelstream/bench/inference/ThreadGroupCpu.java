package io.labelstream.bench.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this process's threads by what they work for, from {@code /proc/self/task} (Linux): unlike
 * {@code ThreadMXBean}, it also sees the collector's and the compilers' threads. A thread that ends between two
 * snapshots takes its time with it, so snapshots bracket phases whose threads live throughout.
 */
final class ThreadGroupCpu {

    enum Group {
        SERVICE("service"), READER("reader"), BROKER_AND_REST("broker and the rest"), GC("garbage collector"),
        JIT("JIT compilers");

        final String title;

        Group(final String title) {
            this.title = title;
        }

        /** Name prefixes of G1's, ZGC's and Shenandoah's threads. */
        private static final List<String> COLLECTOR_THREADS = List.of("GC Thread", "G1 ", "ZDirector", "ZDriver",
                "ZStat", "ZUncommitter", "ZUnmapper", "ZWorker", "Shenandoah");

        /** By the thread's name as the kernel keeps it: its first 15 characters. */
        static Group of(final String name) {
            if (name.startsWith("prediction-loop") || name.startsWith("inference-predi")
                    || name.startsWith("kafka-producer-")) {
                return SERVICE;
            }
            if (name.startsWith("prediction-read")) {
                return READER;
            }
            if (COLLECTOR_THREADS.stream().anyMatch(name::startsWith)) {
                return GC;
            }
            if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                return JIT;
            }
            return BROKER_AND_REST;
        }
    }

    /** Clock ticks per second of {@code /proc}'s times (USER_HZ), 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private ThreadGroupCpu() {
    }

    /** Seconds of CPU (user and system) per group so far. */
    static Map<Group, Double> snapshot() {
        final Map<Group, Double> seconds = new EnumMap<>(Group.class);
        for (final Group group : Group.values()) {
            seconds.put(group, 0.0);
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (final Path task : tasks) {
                final String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (final IOException ended) {
                    continue;
                }
                // the name is in parentheses and may itself hold spaces and parentheses
                final int nameEnd = stat.lastIndexOf(')');
                final String name = stat.substring(stat.indexOf('(') + 1, nameEnd);
                final String[] fields = stat.substring(nameEnd + 2).split(" ");
                final long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                seconds.merge(Group.of(name), ticks / TICKS_PER_SECOND, Double::sum);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return seconds;
    }

    /** Microseconds per item of each group between two snapshots. */
    static Map<Group, Double> perItem(final Map<Group, Double> before, final Map<Group, Double> after,
            final int items) {
        final Map<Group, Double> micros = new EnumMap<>(Group.class);
        after.forEach((group, seconds) -> micros.put(group, (seconds - before.get(group)) * 1e6 / items));
        return micros;
    }
}
