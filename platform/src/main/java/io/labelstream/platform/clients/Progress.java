package io.labelstream.platform.clients;

import java.io.PrintStream;

/**
 * A one-line progress bar on the terminal, redrawn at most ten times a second and once at the end; when the output
 * is not a terminal (a log file), only the final state is written.
 */
final class Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final String what;
    private final long total;
    private long lastDrawn;
    private final boolean interactive = System.console() != null;
    private boolean finished;

    Progress(final PrintStream out, final String what, final long total) {
        this.out = out;
        this.what = what;
        this.total = total;
    }

    void update(final long done, final String detail) {
        final long now = System.nanoTime();
        if (finished || done < total && (!interactive || now - lastDrawn < REDRAW_NANOS)) {
            return;
        }
        lastDrawn = now;
        final int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
        out.printf("\r%s [%s%s] %d/%d %s", what, "#".repeat(filled), " ".repeat(WIDTH - filled), done, total,
                detail);
        if (done >= total) {
            finished = true;
            out.println();
        }
        out.flush();
    }
}
