package io.labelstream.bench.labeling;

import io.labelstream.testing.ServiceLogLevels;

/** How a labeling benchmark runs: quiet service logs, and an exit status that says whether it finished. */
final class BenchMain {

    /** A benchmark's body. */
    interface Body {
        void run() throws Exception;
    }

    private BenchMain() {
    }

    static void run(final Body body) {
        ServiceLogLevels.apply();
        int status = 1;
        try {
            body.run();
            status = 0;
        } catch (final Exception e) {
            e.printStackTrace();
        } finally {
            // the in-process broker and PostgreSQL stop in their shutdown hooks
            System.exit(status);
        }
    }
}
